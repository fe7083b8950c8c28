"""Escaping: document text must render as text in HTML and Markdown components."""

from __future__ import annotations

from assistant.types import Citation, Document, Provision
from assistant.ui import render

EVIL = ("第三条　不得使用 <script>alert(1)</script> 与 <img src=x onerror=alert(2)>；"
        "**加粗** [链接](javascript:alert(3)) & 'q'")


def _doc(*provisions: Provision) -> Document:
    return Document("d1", "/x.md", "青溪市<b>条例</b>", "条例<i>", "地方性法规", "2023-05-01", "law",
                    "0" * 64, provisions=provisions)


def _prov(label: str, text: str, chapter: tuple[str, ...] = ("第一章 总则",)) -> Provision:
    return Provision("article", label, 1, chapter, text)


def test_esc_escapes_tags_and_quotes():
    out = render.esc(EVIL)
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&#x27;q&#x27;" in out


def test_md_neutralises_markdown_and_html():
    out = render.md(EVIL)
    assert "<" not in out and ">" not in out
    assert r"\*\*加粗\*\*" in out
    assert r"\[链接\]\(javascript" in out
    assert "&amp;" in out


def test_md_answer_highlights_only_markers():
    out = render.md_answer("[1] 《法》第一条：\n第一条 **x**")
    assert out.startswith(r"**\[1\]**")
    assert r"\*\*x\*\*" in out


def test_article_html_escapes_every_document_field():
    evil, before = _prov("第三条", EVIL), _prov("第二条", "第二条 <b>前</b>")
    out = render.article_html(_doc(before, evil), evil, before, None, old=True)
    for raw in ("<script", "<img", "<b>前", "<b>条例", "<i>"):
        assert raw not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "**加粗**" in out
    assert "上一条：第二条" in out and "下一条" not in out and "旧版本" in out


def test_projector_and_toc_escape():
    p = _prov("第一条", "第一条 <script>x</script>", ("第一编 <u>总则</u>", "第一章 一般规定"))
    assert "<script>" not in render.projector_html(_doc(p), p, "1 / 1")
    toc = render.toc_html(_doc(p))
    assert "&lt;u&gt;" in toc and "第一章 一般规定" in toc and "第一条" in toc


def test_table_and_notice_escape():
    assert "<script>" not in render.table(["<script>"], [["<script>", 1]])
    assert "<script>" not in render.notice("<script>", "<bad>")


def test_copy_text_and_card_label():
    copied = render.copy_text("法律援助法", "第三十一条", "第三十一条　下列事项……")
    assert copied == "《法律援助法》第三十一条：下列事项……"
    c = Citation("中华人民共和国法律援助法", "法律援助法", "2021-08-20", "第三十一条", 31,
                 "第三章 / 第一节", "…", 0.9)
    assert render.card_label(2, c) == "[2] 《法律援助法》第三十一条\n2021-08-20 版｜第三章 / 第一节"
