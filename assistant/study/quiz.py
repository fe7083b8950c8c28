"""Quiz generation without an LLM: 单选, 多选, 判断, 填空 and 出处题 from stored articles.

Every item is checked with :func:`verify_item` before it is handed out; items that fail are
dropped (and kept in ``QuizMaker.rejected`` for inspection).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from assistant.study import builders
from assistant.study.builders import Context
from assistant.study.corpus import Corpus
from assistant.study.facts import FactKind, article_facts
from assistant.study.items import Item, ItemKind
from assistant.study.multi import multi
from assistant.study.verify import verify_item
from assistant.types import Document, Provision

Ref = tuple[Document, Provision]
KINDS: tuple[ItemKind, ...] = ("single", "cloze", "judge", "source", "multi")
Builder = Callable[[Context, Document, Provision], Item | None]
BUILDERS: dict[str, Builder] = {
    "single": builders.single, "multi": multi, "judge": builders.judge,
    "cloze": builders.cloze, "source": builders.source,
}


def quiz_refs(documents: Sequence[Document]) -> list[Ref]:
    """Every 条 of every law (speeches and preambles are not quizzed)."""
    return articles_only([(d, p) for d in documents for p in d.provisions])


def articles_only(refs: Sequence[Ref]) -> list[Ref]:
    """Keep the 条 of laws."""
    return [(d, p) for d, p in refs if d.kind == "law" and p.kind == "article"]


class QuizMaker:
    """Builds verified items from articles; items are checked against the given documents/corpus."""

    def __init__(self, documents: Sequence[Document] | Corpus, seed: int | None = 0) -> None:
        self.corpus = Corpus.of(documents)
        self.rng = random.Random(seed)
        self.rejected: list[tuple[Item, list[str]]] = []
        self._pools: dict[tuple[str, str], list[str]] = {}
        self.ctx = Context(self.corpus, self.rng, self.pool)

    def pool(self, doc: Document, kind: FactKind) -> list[str]:
        """Key terms of one kind across the document (source of sibling distractors)."""
        key = (doc.doc_id, kind)
        if key not in self._pools:
            terms = [f.term for p in doc.provisions if p.kind == "article" for f in article_facts(p)
                     if f.kind == kind]
            self._pools[key] = list(dict.fromkeys(terms))
        return self._pools[key]

    def item(self, doc: Document, prov: Provision, kind: ItemKind) -> Item | None:
        """One verified item of ``kind`` from the article, or None."""
        made = BUILDERS[kind](self.ctx, doc, prov)
        if made is None:
            return None
        problems = verify_item(made, self.corpus)
        if problems:
            self.rejected.append((made, problems))
            return None
        return made

    def any_item(self, doc: Document, prov: Provision, kinds: Sequence[ItemKind] = KINDS) -> Item | None:
        """The first kind (in the given order) that can be made from the article."""
        for kind in kinds:
            made = self.item(doc, prov, kind)
            if made is not None:
                return made
        return None

    def _weight(self, ref: Ref) -> float:
        """Random order, with articles that state a 期限 or 数额 drawn earlier on average."""
        rich = any(f.kind in ("period", "number") for f in article_facts(ref[1]))
        return self.rng.random() - (0.4 if rich else 0.0)

    def make(self, refs: Sequence[Ref], n: int, kinds: Sequence[ItemKind] = KINDS) -> list[Item]:
        """Up to ``n`` items from distinct articles (random order), rotating through ``kinds``."""
        order = sorted((r for r in refs if r[1].kind == "article"), key=self._weight)
        items: list[Item] = []
        for doc, prov in order:
            if len(items) >= n:
                break
            turn = len(items) % len(kinds)
            made = self.any_item(doc, prov, [*kinds[turn:], *kinds[:turn]])
            if made is not None:
                items.append(made)
        return items
