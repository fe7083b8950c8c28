"""Escaping and small HTML/Markdown builders. Every document string passes through esc() or md().

Document text may contain ``<script>``, HTML or Markdown tricks; it must always render as plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from assistant.types import Citation, Document, Provision

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$^=:])")
_MARKER = re.compile(r"\\\[(\d{1,2})\\\]")


def esc(text: object) -> str:
    """HTML-escape any value (quotes included) for HTML components."""
    return html.escape(str(text), quote=True)


def md(text: str) -> str:
    """Escape for Markdown components: HTML entities plus backslash-escaped Markdown punctuation."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=False)


def md_answer(text: str) -> str:
    """Escaped answer text whose citation markers [1] [2] are highlighted."""
    return _MARKER.sub(r"**\\[\1\\]**", md(text))


def body(provision: Provision) -> str:
    """Article text without its leading label (``第六条 下列…`` → ``下列…``)."""
    return provision.text.removeprefix(provision.label).strip()


def copy_text(short_title: str, label: str, text: str, version_note: str = "") -> str:
    """Citation for letters: ``《法律援助法》第三十一条：…``."""
    plain = text.removeprefix(label).strip()
    return f"《{short_title}》{label}{version_note}：{plain}"


def card_label(index: int, c: Citation) -> str:
    """Two-line text of a citation card (document, article, version date, chapter path)."""
    version = f"{c.version} 版" if c.version else "无日期"
    return f"[{index}] 《{c.short_title}》{c.article}\n{version}｜{c.chapter or c.title}"


def notice(text: str, kind: str = "info") -> str:
    """A coloured one-line notice box (kind: info | warn | error | ok)."""
    return f'<div class="zf-notice zf-{esc(kind)}">{esc(text)}</div>'


def _text_block(provision: Provision, css: str = "zf-text") -> str:
    return f'<div class="{css}">{esc(provision.text)}</div>'


def article_html(doc: Document, provision: Provision, previous: Provision | None = None,
                 following: Provision | None = None, old: bool = False) -> str:
    """An article card: document, version, chapter path, full text verbatim, neighbours folded."""
    version = f"{doc.version} 版" if doc.version else "无日期"
    note = '<span class="zf-old">旧版本，非现行文本</span>' if old else ""
    chapter = " / ".join(provision.chapter) or "（无章节）"
    parts = [
        '<div class="zf-article">',
        f'<div class="zf-head"><b>《{esc(doc.short_title)}》{esc(provision.label)}</b> {note}</div>',
        f'<div class="zf-meta">{esc(doc.title)}｜{esc(version)}｜{esc(chapter)}</div>',
        _text_block(provision),
    ]
    for word, neighbour in (("上一条", previous), ("下一条", following)):
        if neighbour is not None:
            parts.append(f'<details class="zf-near"><summary>{word}：{esc(neighbour.label)}</summary>'
                         f"{_text_block(neighbour)}</details>")
    parts.append("</div>")
    return "".join(parts)


def projector_html(doc: Document, provision: Provision, position: str) -> str:
    """Large-type single article for the morning-study projector."""
    chapter = " / ".join(provision.chapter)
    return (f'<div class="zf-projector"><div class="zf-pmeta">《{esc(doc.short_title)}》{esc(chapter)}'
            f'<span class="zf-pos">{esc(position)}</span></div>'
            f'<div class="zf-ptext">{esc(provision.text)}</div></div>')


def toc_html(doc: Document) -> str:
    """Outline of 编/章/节 headings with the article range under each."""
    rows: list[str] = []
    groups: dict[tuple[str, ...], list[str]] = {}
    for p in doc.provisions:
        groups.setdefault(p.chapter, []).append(p.label)
    seen: set[tuple[str, ...]] = set()
    for chapter, labels in groups.items():
        for depth in range(1, len(chapter) + 1):
            head = chapter[:depth]
            if head not in seen:
                seen.add(head)
                rows.append(f'<div class="zf-toc{depth}">{esc(head[-1])}</div>')
        span = labels[0] if len(labels) == 1 else f"{labels[0]}—{labels[-1]}"
        rows.append(f'<div class="zf-tocrange zf-toc{len(chapter) + 1}">{esc(span)}</div>')
    return f'<div class="zf-toc">{"".join(rows)}</div>'


def table(headers: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """A simple escaped HTML table."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body_rows = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in rows)
    return (f'<div class="zf-table"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body_rows}</tbody></table></div>")
