"""Check an item's answer key against the article text: ``verify_item(item, documents) -> problems``.

An empty list means: the source article exists, the quoted/blanked sentence is in it, the key
reproduces the article, every false statement occurs in no article of any document, and no
distractor is also correct.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from assistant.study.corpus import Corpus
from assistant.study.facts import Fact, FactKind, norm
from assistant.study.items import BLANK, FALSE, TRUE, Item
from assistant.study.swap import is_wrong_term
from assistant.types import Document


def verify_item(item: Item, documents: Sequence[Document] | Corpus) -> list[str]:
    """Problems with ``item`` (empty when its key is verified against the article text)."""
    corpus = Corpus.of(documents)
    article = corpus.article(item.source)
    if article is None:
        return [f"来源条文不存在：{item.source.full_cite}"]
    problems = []
    if article.number != item.source.number:
        problems.append(f"条号不一致：{item.source.label} 记为 {item.source.number}")
    if not corpus.in_article(item.evidence, item.source):
        problems.append(f"原文不在{item.source.cite}中：{item.evidence}")
    return problems + _CHECKS[item.kind](item, corpus)


def _context(item: Item, corpus: Corpus) -> str:
    return corpus.article_text(item.source)


def _check_cloze(item: Item, corpus: Corpus) -> list[str]:
    if item.body.count(BLANK) != 1:
        return ["填空题应当恰有一个空"]
    if norm(item.body.replace(BLANK, item.answer)) != norm(item.evidence):
        return [f"答案“{item.answer}”填回后与原文不符"]
    return []


def _correct(item: Item) -> list[str]:
    return [o.key for o in item.options if o.correct]


def _check_single(item: Item, corpus: Corpus) -> list[str]:
    if _correct(item) != [item.answer] or len({o.key for o in item.options}) != len(item.options):
        return [f"单选题应当恰有一个正确选项（答案 {item.answer}）"]
    if item.topic == "article":
        return _check_article_options(item, corpus)
    if item.body.count(BLANK) != 1:
        return ["单选题题干应当恰有一个空"]
    problems = []
    fact = Fact(cast(FactKind, item.topic), _key_text(item), item.evidence, item.body.index(BLANK))
    for o in item.options:
        filled = item.body.replace(BLANK, o.text)
        if o.correct and norm(filled) != norm(item.evidence):
            problems.append(f"正确选项“{o.text}”填回后与原文不符")
        also_right = corpus.contains(filled) or not is_wrong_term(fact, o.text, _context(item, corpus))
        if not o.correct and also_right:
            problems.append(f"干扰项“{o.text}”也可能正确")
    return problems


def _key_text(item: Item) -> str:
    return next((o.text for o in item.options if o.correct), "")


def _check_article_options(item: Item, corpus: Corpus) -> list[str]:
    problems = []
    for o in item.options:
        if o.source is None or corpus.article(o.source) is None or o.text != o.source.label:
            problems.append(f"选项“{o.text}”没有对应的条文")
        elif o.correct != corpus.in_article(item.body, o.source):
            problems.append(f"选项“{o.text}”与原文是否包含该句不一致")
    return problems + _check_source(item, corpus)


def _check_source(item: Item, corpus: Corpus) -> list[str]:
    doc = corpus.document(item.source)
    others = [p.label for p in (doc.provisions if doc else ()) if p.label != item.source.label
              and norm(item.body) in norm(p.text)]
    problems = [f"引文也出现在{'、'.join(others)}，出处不唯一"] if others else []
    if norm(item.body) != norm(item.evidence):
        problems.append("引文与原文不符")
    if item.kind == "source" and item.answer != item.source.label:
        problems.append(f"答案 {item.answer} 不是出处 {item.source.label}")
    return problems


def _check_judge(item: Item, corpus: Corpus) -> list[str]:
    if item.answer == TRUE:
        return [] if norm(item.body) == norm(item.evidence) else ["“正确”的判断题应当与原文一致"]
    if item.answer != FALSE:
        return [f"判断题答案应为{TRUE}或{FALSE}"]
    return _check_false(item.body, item.evidence, item.extra, _context(item, corpus), corpus)


def _check_false(statement: str, original: str, swap: dict[str, str], context: str,
                 corpus: Corpus) -> list[str]:
    """A false statement: the original with one key term swapped, occurring in no article."""
    term, new, kind = swap.get("term", ""), swap.get("replacement", ""), swap.get("kind", "")
    start = int(swap.get("start", "-1"))
    fact = Fact(cast(FactKind, kind), term, original, start)
    problems = []
    if start < 0 or original[start:start + len(term)] != term or fact.blanked(new) != statement:
        problems.append("错误说法不是由原文替换一个关键词得到的")
    elif not is_wrong_term(fact, new, context):
        problems.append(f"替换词“{new}”不能保证说法错误")
    if corpus.contains(statement):
        problems.append(f"错误说法出现在条文中，可能是正确的：{statement}")
    return problems


def _check_multi(item: Item, corpus: Corpus) -> list[str]:
    problems = [] if "".join(_correct(item)) == item.answer and item.answer else ["多选题答案与选项不一致"]
    for o in item.options:
        if o.source is None or corpus.article(o.source) is None:
            problems.append(f"选项 {o.key} 没有出处")
        elif o.correct and not corpus.in_article(o.text, o.source):
            problems.append(f"正确选项 {o.key} 不在{o.source.cite}中")
        elif not o.correct:
            prefix = f"{o.key}."
            swap = {k.removeprefix(prefix): v for k, v in item.extra.items() if k.startswith(prefix)}
            if not corpus.in_article(o.original, o.source):
                problems.append(f"选项 {o.key} 的原文不在{o.source.cite}中")
            problems += _check_false(o.text, o.original, swap, corpus.article_text(o.source), corpus)
    return problems


_CHECKS: dict[str, Callable[[Item, Corpus], list[str]]] = {
    "cloze": _check_cloze, "single": _check_single, "judge": _check_judge,
    "source": _check_source, "multi": _check_multi,
}
