"""HTML loader: only the article body of a saved web page, titled from <h1>/<title>."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from assistant.ingest.loaders._common import fail, join_lines, normalize_newlines, read_bytes
from assistant.ingest.loaders.encoding import UndecodableError, decode_bytes
from assistant.ingest.loaders.html_body import JUNK_TAGS, find_body, render_lines
from assistant.types import SourceText

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_GB_NAMES = frozenset({"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn"})
_WEB_CODECS = frozenset({"utf-8", "utf-16", "utf-16-le", "utf-16-be", "big5", "big5hkscs", "euc_jp",
                         "shift_jis", "iso2022_jp", "euc_kr", "koi8-r", "koi8-u", "mac-roman", "cp866", "cp874"})
# (?<!\s): a match starts where a whitespace run starts, so long runs are scanned once, not per position.
_TITLE_SUFFIX = re.compile(r"(?<!\s)\s*(?:_|\s[-|–—]\s|｜|\|).*$")
_DATE_META = ("PubDate", "publishdate", "firstpublishedtime", "article:published_time", "date")
_DATE_TEXT = re.compile(
    r"(?:发布时间|发布日期|成文日期|日期)[：:]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_NO_BODY_HINT = "请在浏览器中打开该网页，使用“打印”另存为 PDF，或把正文复制到 .txt 文件后再导入"
# Markup characters ("<") a page may contain: ~200,000 elements. Government article pages have a
# few thousand; far more is a generated or hostile page whose DOM would take minutes to walk.
MAX_TAGS = 400_000


def web_codec(name: str) -> str | None:
    """The Python codec for a declared page charset, or None for names that are not web text
    encodings (a page must not pick ``punycode``, ``unicode_escape`` or ``undefined``)."""
    name = name.strip().lower()
    if name in _GB_NAMES:
        return "gb18030"
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return canonical if canonical in _WEB_CODECS or canonical.startswith(("iso8859-", "cp125")) else None


def decode_html(path: Path) -> str:
    """Decode with the declared charset (GBK family → GB18030), else by detection."""
    data = read_bytes(path)
    declared = _CHARSET.search(data[:4096])
    codec = web_codec(declared.group(1).decode("ascii")) if declared else None
    if codec and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return normalize_newlines(data.decode(codec))
        except UnicodeError:
            pass
    try:
        return normalize_newlines(decode_bytes(data)[0])
    except UndecodableError as exc:
        raise fail(path, f"网页{exc}", "请在浏览器中重新保存网页（UTF-8 编码）") from exc


def _meta_content(tree: LexborHTMLParser, name: str) -> str:
    node = tree.css_first(f'meta[name="{name}"], meta[property="{name}"]')
    return (node.attributes.get("content") or "").strip() if node is not None else ""


def page_title(tree: LexborHTMLParser) -> str:
    """Article title: meta ArticleTitle; else a heading that contains the <title> without its
    " - 栏目 - 站点" suffix (so a site-logo <h1> is not taken); else that cleaned <title>; else <h1>."""
    article_title = _meta_content(tree, "ArticleTitle")
    if article_title:
        return article_title
    title_node = tree.css_first("title")
    cleaned = _TITLE_SUFFIX.sub("", " ".join((title_node.text() if title_node else "").split())).strip()
    headings = [" ".join(n.text().split()) for n in tree.css("h1, h2, h3")]
    headings = [heading for heading in headings if heading]
    matching = next((h for h in headings if cleaned and cleaned in h), "")
    return matching or cleaned or next(iter(headings), "")


def _date(tree: LexborHTMLParser, page_text: str) -> str:
    for name in _DATE_META:
        found = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", _meta_content(tree, name))
        if found:
            return "-".join(f"{int(g):02d}" for g in found.groups())
    found = _DATE_TEXT.search(page_text)
    return "-".join(f"{int(g):02d}" for g in found.groups()) if found else ""


class HtmlLoader:
    """Loads ``.html``/``.htm``: navigation, share bars, footers and ICP lines never reach the text."""

    suffixes: tuple[str, ...] = (".html", ".htm", ".xhtml", ".shtml")
    format = "html"

    def load(self, path: Path) -> SourceText:
        """Extract the body; the title becomes the first line when the body lacks it."""
        html = decode_html(path)
        tags = html.count("<")
        if tags > MAX_TAGS:
            raise fail(path, f"网页过于复杂（约 {tags:,} 个标签，上限 {MAX_TAGS:,} 个）", _NO_BODY_HINT)
        tree = LexborHTMLParser(html)
        title = page_title(tree)
        date = _date(tree, tree.body.text() if tree.body else "")
        for junk in tree.css(JUNK_TAGS):
            junk.decompose()
        body = find_body(tree)
        lines = render_lines(body) if body is not None else []
        if not lines:
            raise fail(path, "网页中未找到正文（可能由脚本加载）", _NO_BODY_HINT)
        squeezed = [re.sub(r"\s+", "", line) for line in lines[:3]]
        if title and re.sub(r"\s+", "", title) not in squeezed:
            lines.insert(0, title)
        meta = [("title", title)] if title else []
        meta += [("date", date)] if date else []
        source = _meta_content(tree, "ContentSource")
        meta += [("source", source)] if source else []
        return SourceText(path=str(path), text=join_lines(lines), format=self.format, meta=tuple(meta))
