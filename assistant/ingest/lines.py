"""Line-level recognisers shared by the structure parser: headings, articles, items, comments.

Loaders deliver one paragraph per line. Everything here works on single, stripped lines.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from assistant.ingest.numerals import CN_NUMBER, article_label, cn_to_int

_NUM = rf"(?:{CN_NUMBER}|\d+)"
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
_STRUCT_HEADING = re.compile(rf"^第\s*{_NUM}\s*(分编|编|章|节)\s*(.*)$")
_BARE_HEADINGS = ("总则", "分则", "附则", "序言")  # rank 0: level of the outermost open heading
_INVISIBLE = " \t\r\n\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff"
_STRUCT_RANK = {"编": 2, "分编": 3, "章": 4, "节": 5}
_ARTICLE = re.compile(rf"^第\s*({_NUM})(\s*)条(之[一二三四五六七八九十]+)?(\s*)(.*)$", re.DOTALL)
_ITEM = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|\d+[.．、)）]|[（(]\d+[）)])")
_NOT_A_START = tuple("的、，。；：至和或及中第规")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")
_COMMENT = re.compile(r"^<!--.*-->$")


class Heading(NamedTuple):
    """A structural heading: ``rank`` orders 编 < 分编 < 章 < 节 (or the markdown level)."""

    rank: int
    text: str


class ArticleStart(NamedTuple):
    """The first line of an article: canonical label, number, the rest of the line."""

    number: int
    label: str
    rest: str
    spaced: bool  # label separated from the text (or text empty): a confident start


def split_lines(text: str) -> list[str]:
    """Split into stripped, non-empty lines (BOM, full-width spaces and CR removed at the ends)."""
    lines = (line.strip(_INVISIBLE) for line in text.splitlines())
    return [line for line in lines if line]


def is_comment(line: str) -> bool:
    """Markdown/HTML comment markers such as ``<!-- INFO END -->``."""
    return bool(_COMMENT.match(line))


def squeeze(text: str) -> str:
    """Remove whitespace between CJK characters: ``总　则`` → ``总则``."""
    return _CJK_GAP.sub("", text.strip())


def compact(text: str) -> str:
    """All whitespace removed (used for comparisons)."""
    return "".join(text.split())


def normalise_heading(text: str) -> str:
    """``第一章　总　则`` → ``第一章 总则``; other headings only lose inner CJK spacing."""
    match = _STRUCT_HEADING.match(text.strip())
    if not match:
        return squeeze(text)
    head = compact(text[: match.start(2)])
    name = squeeze(match.group(2))
    return f"{head} {name}" if name else head


def _plain_heading(line: str) -> Heading | None:
    """A whole short line ``第X编/分编/章/节 名称`` or a bare 总则/附则/序言."""
    flat = compact(line)
    if flat in _BARE_HEADINGS:
        return Heading(0, flat)
    match = _STRUCT_HEADING.match(line)
    if not match or len(flat) > 40 or any(c in flat for c in "。；，：“”"):
        return None
    return Heading(_STRUCT_RANK[match.group(1)], normalise_heading(line))


def match_heading(line: str) -> Heading | None:
    """Recognise a markdown heading (rank = level) or a plain structural heading line."""
    md = _MD_HEADING.match(line)
    if md:
        return Heading(len(md.group(1)), normalise_heading(md.group(2)))
    return _plain_heading(line)


def strip_markdown(line: str) -> str:
    """The text of a line without a leading markdown heading marker."""
    md = _MD_HEADING.match(line)
    return md.group(2) if md else line


def match_article(line: str, previous: int) -> ArticleStart | None:
    """Recognise ``第X条 …`` as an article start given the previous article number.

    Tolerates ``第一百二十八 条侦查…`` (space before 条). A line with no separator at all
    (``第三十一条的决定…``) only counts when it carries the next expected number.
    """
    match = _ARTICLE.match(line)
    if not match:
        return None
    digits, before, suffix, after, rest = match.groups()
    number = cn_to_int(digits)
    if not 0 < number < 10000:
        return None
    spaced = bool(before or after or not rest)
    if not spaced and (number != previous + 1 or rest.startswith(_NOT_A_START)):
        return None
    if spaced and number < previous and number != 1:
        return None
    return ArticleStart(number, article_label(number) + (suffix or ""), rest.strip(), spaced)


def is_item(line: str) -> bool:
    """An enumerated item (项/目) such as ``（一）…`` or ``1.…`` that stays inside its 款."""
    return bool(_ITEM.match(line))

