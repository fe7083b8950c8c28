"""One builder per item kind: each returns an unverified Item from one article, or None."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

from assistant.study.corpus import Corpus
from assistant.study.facts import Fact, FactKind, facts_in, norm, sentences
from assistant.study.items import BLANK, FALSE, TRUE, Item, Option, Source
from assistant.study.swap import false_variant, replacements
from assistant.types import Document, Provision

LETTERS = "ABCDEFGH"
CHOICE_KINDS: tuple[FactKind, ...] = ("period", "number", "body")


@dataclass
class Context:
    """What builders share: the corpus, a seeded RNG and the per-document term pools."""

    corpus: Corpus
    rng: random.Random
    pool: Callable[[Document, FactKind], list[str]]

    def facts(self, prov: Provision, kinds: tuple[FactKind, ...]) -> list[Fact]:
        """Key terms of the article, shuffled, preferring the kinds in order."""
        found = [f for s in sentences(prov) for f in facts_in(s, kinds)]
        self.rng.shuffle(found)
        return sorted(found, key=lambda f: kinds.index(f.kind))

    def context(self, doc: Document, prov: Provision) -> str:
        """The article's whitespace-free text."""
        return norm(prov.text)


def swap_extra(fact: Fact, new: str, prefix: str = "") -> dict[str, str]:
    """How a false statement was made (stored so that verify can replay it)."""
    return {f"{prefix}term": fact.term, f"{prefix}replacement": new, f"{prefix}kind": fact.kind,
            f"{prefix}start": str(fact.start)}


def cloze(ctx: Context, doc: Document, prov: Provision) -> Item | None:
    """填空: one key term blanked (期限/数额/机关 before 义务词)."""
    facts = ctx.facts(prov, ("period", "number", "body", "duty"))
    if not facts:
        return None
    f = facts[0]
    return Item("cloze", f.kind, f.blanked(BLANK), f.term, Source.of(doc, prov), f.sentence)


def single(ctx: Context, doc: Document, prov: Provision) -> Item | None:
    """单选 on a 期限/数额/机关 with three wrong terms, else 单选 on which article."""
    for f in ctx.facts(prov, CHOICE_KINDS)[:4]:
        wrong = replacements(f, ctx.pool(doc, f.kind), ctx.context(doc, prov), ctx.rng)
        usable = islice((t for t in wrong if not ctx.corpus.contains(f.blanked(t))), 3)
        options = [(f.term, True), *((t, False) for t in usable)]
        if len(options) == 4:
            ctx.rng.shuffle(options)
            opts = tuple(Option(LETTERS[i], t, ok) for i, (t, ok) in enumerate(options))
            answer = next(o.key for o in opts if o.correct)
            return Item("single", f.kind, f.blanked(BLANK), answer, Source.of(doc, prov), f.sentence, opts)
    return which_article(ctx, doc, prov)


def judge(ctx: Context, doc: Document, prov: Provision) -> Item | None:
    """判断: half the time the sentence as is, else with one key term swapped (verified false)."""
    facts = ctx.facts(prov, ("period", "number", "body", "duty"))
    if ctx.rng.random() < 0.5:
        for f in facts[:6]:
            made = false_variant(f, ctx.corpus, ctx.context(doc, prov), ctx.pool(doc, f.kind), ctx.rng)
            if made:
                statement, new = made
                return Item("judge", f.kind, statement, FALSE, Source.of(doc, prov), f.sentence,
                            extra=swap_extra(f, new))
    candidates = [f.sentence for f in facts] or sentences(prov)
    if not candidates:
        return None
    s = ctx.rng.choice(candidates)
    return Item("judge", "article", s, TRUE, Source.of(doc, prov), s)


def unique_quote(ctx: Context, doc: Document, prov: Provision) -> str | None:
    """A telling sentence (15+ characters, not a 下列 lead-in) that no other article of the document has."""
    others = [norm(p.text) for p in doc.provisions if p.label != prov.label]
    quotes = [s for s in sentences(prov)
              if len(s) >= 15 and "下列" not in s and not any(s in t for t in others)]
    return ctx.rng.choice(quotes) if quotes else None


def source(ctx: Context, doc: Document, prov: Provision) -> Item | None:
    """出处题: which article says this (answer typed as 第六条 / 6)."""
    quote = unique_quote(ctx, doc, prov)
    if quote is None:
        return None
    return Item("source", "article", quote, prov.label, Source.of(doc, prov), quote)


def siblings(doc: Document, prov: Provision) -> Iterator[Provision]:
    """Other articles, same chapter first, then by distance of article number."""
    arts = [p for p in doc.provisions if p.kind == "article" and p.label != prov.label]
    number = prov.number or 0
    yield from sorted(arts, key=lambda p: (p.chapter != prov.chapter, abs((p.number or 0) - number)))


def which_article(ctx: Context, doc: Document, prov: Provision) -> Item | None:
    """单选 (条文): four article labels, the others do not contain the quote."""
    quote = unique_quote(ctx, doc, prov)
    if quote is None:
        return None
    near = [p for p in islice(siblings(doc, prov), 6) if quote not in norm(p.text)]
    picked = [prov, *ctx.rng.sample(near, min(3, len(near)))]
    if len(picked) < 4:
        return None
    picked.sort(key=lambda p: p.number or 0)
    opts = tuple(Option(LETTERS[i], p.label, p is prov, Source.of(doc, p)) for i, p in enumerate(picked))
    answer = next(o.key for o in opts if o.correct)
    return Item("single", "article", quote, answer, Source.of(doc, prov), quote, opts)
