"""多选: sentences of an article and its neighbours, one or two of them made false by a term swap."""

from __future__ import annotations

from itertools import islice

from assistant.study.builders import LETTERS, Context, siblings, swap_extra
from assistant.study.facts import facts_in, norm, sentences
from assistant.study.items import Item, Option, Source
from assistant.study.swap import false_variant
from assistant.types import Document, Provision


def _statements(doc: Document, prov: Provision) -> list[tuple[str, Provision]]:
    """Distinct sentences of the article and its three nearest siblings in the chapter."""
    near = [prov, *(p for p in islice(siblings(doc, prov), 3) if p.chapter == prov.chapter)]
    seen: dict[str, tuple[str, Provision]] = {}
    for p in near:
        for s in sentences(p):
            seen.setdefault(norm(s), (s, p))
    return list(seen.values())


def _false_options(ctx: Context, doc: Document, pool: list[tuple[str, Provision]],
                   wanted: int) -> list[tuple[str, Provision, dict[str, str], str]]:
    """Up to ``wanted`` false statements (statement, provision, swap record, original)."""
    made: list[tuple[str, Provision, dict[str, str], str]] = []
    for s, p in pool:
        for f in facts_in(s)[:3]:
            variant = false_variant(f, ctx.corpus, norm(p.text), ctx.pool(doc, f.kind), ctx.rng)
            if variant:
                made.append((variant[0], p, swap_extra(f, variant[1]), s))
                break
        if len(made) == wanted:
            break
    return made


def multi(ctx: Context, doc: Document, prov: Provision) -> Item | None:
    """多选: 4 statements, 2–3 true (verbatim) and the rest false (one key term swapped)."""
    pool = _statements(doc, prov)
    ctx.rng.shuffle(pool)
    pool.sort(key=lambda sp: sp[1] is not prov)  # the chosen article first
    wrong = _false_options(ctx, doc, pool, ctx.rng.choice((1, 2)))
    used = {o for _, _, _, o in wrong}
    right = [(s, p) for s, p in pool if s not in used][: 4 - len(wrong)]
    if not wrong or len(right) + len(wrong) < 4:
        return None
    rows: list[tuple[str, Provision, dict[str, str], str, bool]] = [
        *((s, p, {}, "", True) for s, p in right), *((s, p, x, o, False) for s, p, x, o in wrong)]
    ctx.rng.shuffle(rows)
    options, extra = [], {}
    for i, (text, p, swap, original, ok) in enumerate(rows):
        key = LETTERS[i]
        options.append(Option(key, text, ok, Source.of(doc, p), original))
        extra.update({f"{key}.{k}": v for k, v in swap.items()})
    first = next(o for o in options if o.correct)
    answer = "".join(o.key for o in options if o.correct)
    assert first.source is not None
    return Item("multi", "article", "", answer, first.source, first.text, tuple(options), extra)
