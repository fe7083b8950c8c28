"""Find the article body of a saved web page and render it as lines (selectolax/lexbor).

First a list of well-known body containers is tried (``#zoom``, ``.TRS_Editor``, ``#fontzoom``,
``article``…); failing that, the block with the most Chinese text in its ``<p>`` descendants
wins, skipping navigation, headers, footers, share bars and blocks carrying ICP/copyright lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

BODY_SELECTORS = (
    "#zoom", ".TRS_Editor", "#fontzoom", ".article-content", ".article_content", "#article-content",
    ".pages_content", "#UCAP-CONTENT", ".zw", "#zw", ".TRS_UEDITOR", ".view", "article",
    ".content", "#content", "main",
)
JUNK_TAGS = ("script, style, noscript, template, iframe, nav, aside, select, button, input, svg, "
             "header, footer")
_JUNK_NAME = re.compile(
    r"nav|menu|header|footer|topbar|breadcrumb|crumb|position|share|related|copyright|sidebar|"
    r"friend|links|login|search|pager|prevnext|comment|toolbar", re.I)
_JUNK_TEXT = re.compile(r"ICP备|公网安备|备案号|版权所有|分享到|上一篇|下一篇")
JUNK_LINE = re.compile(
    r"ICP备|公网安备|备案号|版权所有|Copyright|分享到|^(?:上一篇|下一篇)[：:]|责任编辑|打印本页|关闭窗口|"
    r"返回顶部|^【(?:打印|关闭)|^来源[：:].{0,30}(?:发布时间|时间)[：:]|^发布(?:时间|日期)[：:]\s*\d{4}|"
    r"浏览次数|点击数|^字号[：:]", re.I)
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "tbody", "thead",
    "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "pre", "center", "hr",
    "main", "header", "footer", "figure", "figcaption", "address",
})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_SEGMENT_BREAK = re.compile(rf"(?<=[{_WIDE}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_WIDE}])")
MIN_SELECTOR_CJK = 30
MIN_FALLBACK_CJK = 100


def cjk_count(text: str) -> int:
    """Number of CJK ideographs in ``text``."""
    return len(_CJK.findall(text))


def render_lines(node: LexborNode) -> list[str]:
    """Text of ``node`` as lines: block elements and ``<br>`` break lines, inline ones do not."""
    lines: list[str] = [""]
    for kind, text in _walk(node):
        if kind == "break":
            lines.append("")
        else:
            lines[-1] += text
    return [line for line in (_clean(line) for line in lines) if line and not JUNK_LINE.search(line)]


def _clean(line: str) -> str:
    return _HTML_SPACE.sub(" ", line).replace("\xa0", " ").strip()


def _walk(node: LexborNode, pre: bool = False) -> Iterator[tuple[str, str]]:
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            yield from _text_events(child.text_content or "", pre)
        elif not child.is_element_node or _is_junk(child):
            continue
        elif child.tag in _BLOCK_TAGS:
            yield "break", ""
            yield from _walk(child, pre or child.tag == "pre")
            yield "break", ""
        else:
            yield from _walk(child, pre)


def _text_events(text: str, pre: bool) -> Iterator[tuple[str, str]]:
    """A text node: inside <pre> its newlines are line breaks; elsewhere a source line break
    between two Chinese characters disappears (as browsers render it)."""
    if not pre:
        yield "text", _SEGMENT_BREAK.sub("", text)
        return
    for number, part in enumerate(text.split("\n")):
        if number:
            yield "break", ""
        yield "text", part


def _is_junk(node: LexborNode) -> bool:
    attrs = node.attributes
    names = f"{attrs.get('id') or ''} {attrs.get('class') or ''}"
    return node.tag in ("header", "footer") or bool(_JUNK_NAME.search(names))


def find_body(tree: LexborHTMLParser) -> LexborNode | None:
    """The article body: a known container with enough text, else the densest ``<p>`` block."""
    for selector in BODY_SELECTORS:
        nodes = [n for n in tree.css(selector) if not _is_junk(n)]
        best = max(nodes, key=lambda n: cjk_count(n.text(deep=True)), default=None)
        if best is not None and cjk_count(best.text(deep=True)) >= MIN_SELECTOR_CJK:
            return best
    return _densest_block(tree)


def _densest_block(tree: LexborHTMLParser) -> LexborNode | None:
    best, best_score = None, MIN_FALLBACK_CJK - 1
    for node in tree.css("div, td, section, article, main, body"):
        if _is_junk(node) or any(_is_junk(a) for a in _ancestors(node)):
            continue
        if _JUNK_TEXT.search(node.text(deep=True)):
            continue
        score = sum(_paragraph_score(p) for p in node.css("p"))
        if score >= best_score:  # ties go to the innermost block
            best, best_score = node, score
    return best


def _paragraph_score(paragraph: LexborNode) -> int:
    """CJK characters of a paragraph that are not link text."""
    links = sum(cjk_count(a.text(deep=True)) for a in paragraph.css("a"))
    return cjk_count(paragraph.text(deep=True)) - links


def _ancestors(node: LexborNode) -> Iterator[LexborNode]:
    parent = node.parent
    while parent is not None and parent.tag not in ("html", "-undef"):
        yield parent
        parent = parent.parent
