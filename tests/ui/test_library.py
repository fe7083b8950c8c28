"""法规库, article panel and 晨学 handlers: table of contents, neighbours, search, projector paging."""

from __future__ import annotations

from assistant.ui import browse, library, panel, projector


def test_refresh_lists_categories_and_documents(assistant):
    cats, docs = library.refresh(assistant)
    assert cats["choices"][0] == browse.ALL and set(cats["choices"][1:]) == {"法律", "地方性法规"}
    labels = [label for label, _ in docs["choices"]]
    assert labels[-1] == "《模拟法律援助法》2018-01-01（旧版本）"  # current versions first
    assert "《社区调解示范条例》2023-05-01" in labels


def test_category_then_document_then_chapter(assistant):
    out = library.pick_category(assistant, "地方性法规")
    assert [label for label, _ in out[1]["choices"]] == ["《社区调解示范条例》2023-05-01"]
    assert "第一条" in out[5] and out[7].endswith("|第一条")
    doc_id = out[1]["value"]
    chapter, _article, toc, html, _text, _ref = library.open_doc(assistant, doc_id)[2:]
    assert [v for _, v in chapter["choices"]] == [browse.ALL, "第一章 总则", "第二章 调解程序"]
    assert "第一章 总则" in toc and "第一条—第三条" in toc
    articles, html, _text, ref = library.pick_chapter(assistant, doc_id, "第二章 调解程序")
    assert [label for label, _ in articles["choices"]] == ["第四条", "第五条", "第六条"]
    assert ref.endswith("|第四条") and "第四条" in html


def test_sections_nest_under_chapters(assistant, key_of):
    out = library.open_key(assistant, key_of("模拟法律援助法", "第四条"))
    chapters = out[2]["choices"]
    assert ("　第一节 形式", "第二章 形式和范围 / 第一节 形式") in chapters
    assert out[2]["value"] == "第二章 形式和范围 / 第一节 形式"
    doc_id = out[1]["value"]
    articles = library.pick_chapter(assistant, doc_id, "第二章 形式和范围")[0]["choices"]
    assert [label for label, _ in articles] == ["第四条", "第五条", "第六条", "第七条"]


def test_keyword_search_within_document(assistant, key_of):
    doc_id = key_of("模拟法律援助法", "第一条").split("|")[0]
    hits = library.search(assistant, doc_id, "劳动报酬")
    assert [v.split("|")[1] for _, v in hits["choices"]] == ["第六条"]
    assert "找到 1 条" in hits["label"]
    assert library.search(assistant, doc_id, "法律援助 英雄烈士")["choices"][0][1].endswith("|第七条")
    assert library.search(assistant, None, "x")["label"] == "请先选择文件"


def test_panel_shows_neighbours_and_steps(assistant, key_of):
    key = key_of("模拟法律援助法", "第六条")
    html, _text, _ref = panel.show(assistant, key)
    assert "上一条：第五条" in html and "下一条：第七条" in html and "（四）请求支付劳动报酬。" in html
    assert "第二章 形式和范围 / 第二节 范围" in html and "2021-08-20 版" in html
    assert panel.step(assistant, key, 1)[2].endswith("|第七条")
    last = key_of("模拟法律援助法", "第七条")
    assert panel.step(assistant, last, 1)[2] == last  # clamped at the end
    assert "点击引用条文" in panel.show(assistant, "")[0]
    assert "不在当前索引" in panel.show(assistant, "dmissing|第一条")[0]


def test_panel_escapes_document_html(assistant, key_of):
    html, text, _ = panel.show(assistant, key_of("社区调解示范条例", "第三条"))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "**加粗文字**" in html
    assert "<script>alert(1)</script>" in text  # the copy text is plain text for letters


def test_old_version_is_marked(assistant, key_of):
    html, text, _ = panel.show(assistant, key_of("模拟法律援助法", "第二条", "2018"))
    assert "旧版本，非现行文本" in html
    assert text.startswith("《模拟法律援助法》第二条（2018-01-01 版，非现行文本）：")


def test_library_steps_keep_pickers_in_step(assistant, key_of):
    out = library.step_key(assistant, key_of("模拟法律援助法", "第五条"), 1)
    assert out[3]["value"].endswith("|第六条") and out[2]["value"] == "第二章 形式和范围 / 第二节 范围"


def test_projector_pages_through_a_document(assistant, key_of):
    doc_id = key_of("模拟法律援助法", "第一条").split("|")[0]
    _chapters, screen, key = projector.pick_doc(assistant, doc_id)
    assert "1 / 7" in screen and "zf-ptext" in screen and key.endswith("|第一条")
    screen, key = projector.move(assistant, key, 1)
    assert "2 / 7" in screen and key.endswith("|第二条")
    screen, key = projector.pick_chapter(assistant, doc_id, "第二章 形式和范围 / 第二节 范围")
    assert "6 / 7" in screen
    assert projector.move(assistant, key, -1)[1].endswith("|第五条")
    assert "请选择文件" in projector.move(assistant, "", 1)[0]
    assert len(projector.refresh(assistant)["choices"]) == 3
