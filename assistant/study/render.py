"""Plain-text / Markdown views of items, feedback and readings (shared by the CLI, the UI and DOCX)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.study.corpus import Corpus
from assistant.study.items import FALSE, Item
from assistant.study.plans import Reading
from assistant.study.sessions import Result


def highlight(text: str, terms: Sequence[str], left: str = "【", right: str = "】") -> str:
    """Wrap every occurrence of the key terms (longest first, never nested)."""
    if not terms:
        return text
    pattern = re.compile("|".join(map(re.escape, sorted(set(terms), key=len, reverse=True))))
    return pattern.sub(lambda m: f"{left}{m.group()}{right}", text)


def item_text(item: Item, number: int | None = None) -> str:
    """Question and options, one per line: ``1.［单选］根据…`` then ``A. …``."""
    head = f"{number}." if number is not None else ""
    lines = [f"{head}［{item.kind_name}］{item.question}"]
    lines += [f"   {o.key}. {o.text}" for o in item.options]
    if item.kind == "judge":
        lines.append("   （答：正确 / 错误）")
    elif item.kind == "source":
        lines.append("   （答：第几条，如 第六条 或 6）")
    elif item.kind == "multi":
        lines.append("   （可多选，如 AC）")
    return "\n".join(lines)


def item_markdown(item: Item, number: int | None = None) -> str:
    """The same as :func:`item_text` for a Markdown component (options as a list)."""
    head = f"**{number}.** " if number is not None else ""
    options = "\n".join(f"- **{o.key}.** {o.text}" for o in item.options)
    return f"{head}［{item.kind_name}］{item.question}" + (f"\n\n{options}" if options else "")


def response_from_choices(selected: str | Sequence[str] | None) -> str:
    """Turn what a radio/checkbox group returns (``A. 十五日`` or a list of them) into ``A`` / ``AC``."""
    picked = [selected] if isinstance(selected, str) else list(selected or [])
    return "".join(sorted(s.strip()[:1] for s in picked if s.strip()))


def explanation(item: Item, corpus: Corpus) -> str:
    """正确答案, 出处 and the full source article (plus the original of every false statement)."""
    lines = [f"正确答案：{item.answer_text}"]
    if item.kind == "judge" and item.answer == FALSE:
        lines.append(f"原文为：{item.evidence}")
    for o in item.options:
        if item.kind == "multi" and not o.correct and o.source is not None:
            lines.append(f"{o.key} 项错误，{o.source.cite}原文为：{o.original}")
    lines.append(f"出处：{source_line(item)}")
    others = [s.cite for s in item.sources[1:]]
    if others:
        lines.append(f"另见：{'、'.join(others)}")
    article = corpus.article(item.source)
    if article is not None:
        lines.append(article.text)
    return "\n".join(lines)


def source_line(item: Item) -> str:
    """《X》（版本）第N条　第二章 …"""
    s = item.source
    return f"{s.full_cite}" + (f"　{s.chapter}" if s.chapter else "")


def feedback(result: Result, corpus: Corpus) -> str:
    """✓/✗ line, then :func:`explanation`."""
    mark = "✓ 回答正确" if result.correct else f"✗ 回答错误（你的答案：{result.response or '未作答'}）"
    late = "" if result.counted else "（已超过挑战时限，不计分）"
    return f"{mark}{late}\n{explanation(result.item, corpus)}"


def reading_text(reading: Reading, markdown: bool = False) -> str:
    """Today's reading: header, then each article with chapter, text (key terms marked) and 关键词."""
    plan = reading.plan
    pace = ("按计划" if reading.behind == 0 else
            f"落后 {reading.behind} 天" if reading.behind > 0 else f"提前 {-reading.behind} 天")
    mark = ("**", "**") if markdown else ("【", "】")
    lines = [f"{'## ' if markdown else ''}{plan.name}：第 {reading.day}/{plan.total_days} 天"
             f"（计划日期 {reading.date.isoformat()}，{pace}）"]
    if not reading.articles:
        lines.append("本计划已全部读完。" if plan.finished else "今日条文已不在索引中。")
    for a in reading.articles:
        lines += ["", f"{'### ' if markdown else ''}{a.source.cite}　{a.source.chapter}".rstrip(),
                  highlight(a.text, a.key_terms, *mark)]
        if a.key_terms:
            lines.append(f"关键词：{'、'.join(a.key_terms)}")
    return "\n".join(lines)
