"""阅读计划 handlers: create a plan, read today's articles verbatim from the index, mark read, per user."""

from __future__ import annotations

from ui_requests import req

from assistant.study.service import StudyService
from assistant.ui import plan_tab


def test_plan_reads_articles_from_the_index_and_advances(svc: StudyService) -> None:
    doc = svc.documents[0]
    text, update = plan_tab.create_plan(svc, "", doc.short_title, None, 2, req("alice"))
    first, second = doc.provisions[0], doc.provisions[1]
    assert "第 1/" in text and first.label in text and second.label in text
    assert doc.provisions[2].label not in text.split("关键词")[-1] or len(doc.provisions) < 3
    assert update["value"] == f"{doc.short_title}学习"
    plain = text.replace("**", "").replace("\\", "")
    assert first.text.removeprefix(first.label).strip()[:20] in plain  # verbatim from the store
    after = plan_tab.mark_read(svc, update["value"], req("alice"))
    assert after.startswith("已记录") and "第 2/" in after and doc.provisions[2].label in after
    assert plan_tab.today(svc, None, req("bob")) == plan_tab.NO_PLAN  # plans are per user
    assert plan_tab.plan_names(svc, req("alice")) == [update["value"]]


def test_plan_errors_are_messages(svc: StudyService) -> None:
    assert plan_tab.create_plan(svc, "x", None, None, 5, req("alice"))[0] == "请先选择文件。"
    doc = svc.documents[0].short_title
    plan_tab.create_plan(svc, "同名", doc, None, 5, req("alice"))
    message, _ = plan_tab.create_plan(svc, "同名", doc, None, 5, req("alice"))
    assert "已有名为" in message


def test_document_text_is_escaped(svc: StudyService) -> None:
    from datetime import date

    from assistant.study.items import Source
    from assistant.study.plans import Plan, Reading, ReadingArticle
    from assistant.study.selection import ArticleRef

    doc = svc.documents[0]
    plan = Plan(1, "<b>计划</b>", date(2026, 1, 1), 1, (ArticleRef(doc.doc_id, doc.provisions[0].label),))
    article = ReadingArticle(Source.of(doc, doc.provisions[0]), "第一条 <script>alert(1)</script>", ())
    md = plan_tab.reading_md(Reading(plan, 1, date(2026, 1, 1), 0, (article,)))
    assert "<script>" not in md and "<b>" not in md
