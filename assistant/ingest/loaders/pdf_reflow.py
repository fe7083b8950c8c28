"""Rebuild paragraphs from PDF visual lines: drop running headers/footers, rejoin wrapped lines.

A line continues the previous paragraph only when the previous line reaches (about) the right
margin, the line is not indented further than the previous one, no extra vertical gap separates
them and it does not start a heading/article ("第一章　", "第一条　"). Page boundaries are
ignored, so a paragraph split across two pages is rejoined.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence

from assistant.ingest.loaders._common import squeeze_cjk_spaces
from assistant.ingest.loaders.pdf_layout import Line

_DASH = r"[-—–－‒―~～_\s]*"
# Match only through :func:`is_page_number`: the pattern has adjacent optional-space runs, so it
# backtracks cubically on a long line of spaces; page numbers are short.
PAGE_NUMBER = re.compile(
    rf"^{_DASH}(?:第\s*)?(?:\d+|[ivxlcIVXLC]+)\s*(?:页)?\s*(?:(?:/|／|of|共)\s*\d+\s*页?)?{_DASH}$"
    r"|^(?:page|Page|PAGE)\s*\d+(?:\s*(?:of|/)\s*\d+)?$"
)
_STRONG_START = re.compile(r"^(?:第[一二三四五六七八九十百千零〇两\d]+[条章节编]|目\s*录$)(?:[\s\u3000]|$)")
_SENTENCE_END = tuple("。！？；：…")
_FULL_SLACK = 3.0  # ems a wrapped line may stop short of the right margin (justification, kinsoku)
_PAGE_NUMBER_MAX = 40


def is_page_number(text: str) -> bool:
    """A page-number line ("— 3 —", "第 3 页 共 10 页", "Page 3 of 10"); whitespace runs count as one."""
    squeezed = " ".join(text.split())
    return len(squeezed) <= _PAGE_NUMBER_MAX and bool(PAGE_NUMBER.match(squeezed))


def _key(line: Line) -> tuple[str, int]:
    """Identity of a header/footer candidate: text with digits masked, and height band."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)), round(line.y / 3)


def strip_furniture(pages: Sequence[list[Line]], titles: Sequence[str]) -> list[Line]:
    """Remove page numbers and running headers/footers; return the remaining lines in order.

    Candidates are the first and last two lines of each page: page numbers ("— 3 —", "第3页"),
    lines repeated at the same height on several pages, and the document title at the top of
    pages after the first (the usual running header).
    """
    edges = [page[:2] + page[-2:] for page in pages]
    counts = Counter(key for edge in edges for key in {_key(line) for line in edge})
    title_keys = {re.sub(r"\s+", "", title) for title in titles} - {""}
    body: list[Line] = []
    for number, page in enumerate(pages):
        for line in page:
            if line in edges[number] and _is_furniture(line, counts, number, title_keys):
                continue
            body.append(line)
    return body


def _is_furniture(line: Line, counts: Counter[tuple[str, int]], page_index: int, titles: set[str]) -> bool:
    if is_page_number(line.text) or counts[_key(line)] >= 2:
        return True
    return page_index > 0 and re.sub(r"\s+", "", line.text) in titles


def _line_pitch(gaps: list[float]) -> float:
    """Baseline distance inside a paragraph: the smallest gap seen at least twice."""
    counts = Counter(round(gap) for gap in gaps if gap >= 1)
    repeated = [gap for gap, count in counts.items() if count >= 2]
    return float(min(repeated or counts or [0]))


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def reflow(lines: list[Line]) -> list[str]:
    """Join wrapped lines into paragraphs (see module docstring)."""
    if not lines:
        return []
    right = _percentile([line.end for line in lines], 0.95)
    # The left margin is where wrapped (full) lines start; first lines may all be indented.
    left = min((line.x for line in lines if line.end >= right - _FULL_SLACK * line.size), default=lines[0].x)
    gaps = [a.y - b.y for a, b in itertools.pairwise(lines) if a.page == b.page and a.y > b.y]
    pitch = _line_pitch(gaps)
    paragraphs: list[str] = [lines[0].text]
    for prev, cur in itertools.pairwise(lines):
        if _starts_paragraph(prev, cur, left, right, pitch):
            paragraphs.append(cur.text)
        else:
            paragraphs[-1] = _glue(paragraphs[-1], cur.text)
    return [squeeze_cjk_spaces(p) for p in paragraphs]


def _starts_paragraph(prev: Line, cur: Line, left: float, right: float, pitch: float) -> bool:
    em = cur.size
    if prev.page == cur.page and pitch and prev.y - cur.y > pitch + 0.25 * em:  # paragraph spacing
        return True
    if _STRONG_START.match(cur.text.strip()) or prev.end < right - _FULL_SLACK * prev.size:
        return True
    if cur.x > prev.x + 0.8 * em:
        return True
    return prev.text.rstrip().endswith(_SENTENCE_END) and cur.x > left + 0.8 * em


def _glue(head: str, tail: str) -> str:
    """Join a wrapped line: no space between CJK, one space between Latin words."""
    if head[-1:].isascii() and head[-1:].isalnum() and tail[:1].isascii() and tail[:1].isalnum():
        return f"{head} {tail}"
    return head + tail
