"""Find the article body of a saved web page and render it as lines (selectolax/lexbor).

First a list of well-known body containers is tried (``#zoom``, ``.TRS_Editor``, ``#fontzoom``,
``article``…); failing that, the block with the most Chinese text in its ``<p>`` descendants
wins, skipping navigation, headers, footers, share bars and blocks carrying ICP/copyright lines.

Every traversal is iterative and linear in the number of elements (text counts and paragraph
scores are summed bottom-up in one pass), so hostile pages with thousands of nested elements
cost no recursion and no quadratic rescans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

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
_CANDIDATE_TAGS = frozenset({"div", "td", "section", "article", "main", "body"})
MIN_SELECTOR_CJK = 30
MIN_FALLBACK_CJK = 100


def cjk_count(text: str) -> int:
    """Number of CJK ideographs in ``text``."""
    return len(_CJK.findall(text))


def render_lines(node: LexborNode) -> list[str]:
    """Text of ``node`` as lines: block elements and ``<br>`` break lines, inline ones do not."""
    lines: list[str] = []
    parts: list[str] = []  # pieces of the current line (joined once: long lines stay linear)
    for kind, text in _walk(node, junk_ids(node)):
        if kind == "break":
            lines.append("".join(parts))
            parts = []
        else:
            parts.append(text)
    lines.append("".join(parts))
    return [line for line in (_clean(line) for line in lines) if line and not JUNK_LINE.search(line)]


def _clean(line: str) -> str:
    return _HTML_SPACE.sub(" ", line).replace("\xa0", " ").strip()


def junk_ids(root: LexborNode | LexborHTMLParser) -> frozenset[int]:
    """``mem_id`` of the junk elements under ``root`` (only elements with id/class can be junk,
    apart from header/footer, so the CSS engine pre-selects them)."""
    return frozenset(n.mem_id for n in root.css("header, footer, [id], [class]") if _is_junk(n))


def _walk(node: LexborNode, junk: frozenset[int]) -> Iterator[tuple[str, str]]:
    """Text and line-break events in document order (an explicit stack: any nesting depth)."""
    stack: list[tuple[Iterator[LexborNode], bool, bool]] = [(node.iter(include_text=True), False, False)]
    while stack:
        children, pre, block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if block:
                yield "break", ""
        elif child.tag == "-text":
            yield from _text_events(child.text_content or "", pre)
        elif not child.is_element_node or child.mem_id in junk:
            continue
        elif child.tag in _BLOCK_TAGS:
            yield "break", ""
            stack.append((child.iter(include_text=True), pre or child.tag == "pre", True))
        else:
            stack.append((child.iter(include_text=True), pre, False))


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


@dataclass
class _Index:
    """Per element (document order), from one pass over the tree: parent, whether the element is
    junk itself / has a junk ancestor below ``<html>``, CJK characters of its text, and its
    ``<p>`` score (CJK of descendant paragraphs that is not link text)."""

    nodes: list[LexborNode] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)
    junk: list[bool] = field(default_factory=list)
    blocked: list[bool] = field(default_factory=list)
    cjk: list[int] = field(default_factory=list)
    score: list[int] = field(default_factory=list)
    position: dict[int, int] = field(default_factory=dict)


def _index(tree: LexborHTMLParser) -> _Index:
    """Build :class:`_Index` iteratively (deeply nested pages cost linear time, no recursion)."""
    index = _Index()
    junk_set = junk_ids(tree)
    stack: list[tuple[LexborNode, int, bool]] = [(tree.root, -1, False)] if tree.root is not None else []
    while stack:
        node, up, blocked = stack.pop()
        number = len(index.nodes)
        junk = up >= 0 and node.mem_id in junk_set  # <html> itself never counts as junk
        index.nodes.append(node)
        index.parent.append(up)
        index.junk.append(junk)
        index.blocked.append(blocked or junk)
        index.position[node.mem_id] = number
        own, kids = 0, []
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                own += cjk_count(child.text_content or "")
            elif child.is_element_node:
                kids.append(child)
        index.cjk.append(own)
        stack.extend((kid, number, blocked or junk) for kid in reversed(kids))
    links = [0] * len(index.nodes)
    index.score = [0] * len(index.nodes)
    for number in range(len(index.nodes) - 1, -1, -1):  # children before parents
        tag, up = index.nodes[number].tag, index.parent[number]
        if tag == "a":
            links[number] += index.cjk[number]
        elif tag == "p":
            index.score[number] += index.cjk[number] - links[number]
        if up >= 0:
            index.cjk[up] += index.cjk[number]
            links[up] += links[number]
            index.score[up] += index.score[number]
    return index


def find_body(tree: LexborHTMLParser) -> LexborNode | None:
    """The article body: a known container with enough text, else the densest ``<p>`` block."""
    index = _index(tree)
    for selector in BODY_SELECTORS:
        found = [index.position[n.mem_id] for n in tree.css(selector) if n.mem_id in index.position]
        found = [number for number in found if not index.junk[number]]
        # the first of the nodes with the most text (an ancestor comes before its descendants)
        best = min(found, key=lambda number: (-index.cjk[number], number), default=None)
        if best is not None and index.cjk[best] >= MIN_SELECTOR_CJK:
            return index.nodes[best]
    return _densest_block(index)


def _densest_block(index: _Index) -> LexborNode | None:
    """The block with the highest ``<p>`` score (ties: the later, i.e. innermost, one) whose text
    carries no ICP/copyright/share line; junk blocks and their descendants never count."""
    candidates = sorted(
        (number for number, node in enumerate(index.nodes)
         if node.tag in _CANDIDATE_TAGS and not index.blocked[number]
         and index.score[number] >= MIN_FALLBACK_CJK - 1),
        key=lambda number: (index.score[number], number), reverse=True)
    failed = [False] * len(index.nodes)
    for number in candidates:
        if failed[number]:
            continue
        if not _JUNK_TEXT.search(index.nodes[number].text(deep=True)):
            return index.nodes[number]
        while number >= 0 and not failed[number]:  # an ancestor's text contains this text too
            failed[number] = True
            number = index.parent[number]
    return None
