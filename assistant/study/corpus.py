"""The documents a quiz is checked against: article lookup and "does this sentence occur anywhere"."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from assistant.study.facts import norm
from assistant.study.items import Source
from assistant.types import Document, Provision

_SEP = "\x00"


class Corpus:
    """Articles of a set of documents, with whitespace-free texts for substring checks."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.documents = list(documents)
        self._by_id = {d.doc_id: d for d in self.documents}
        self._articles = {(d.doc_id, p.label): p for d in self.documents for p in d.provisions}
        self._texts = {key: norm(p.text) for key, p in self._articles.items()}

    @classmethod
    def of(cls, documents: Sequence[Document] | Corpus) -> Corpus:
        """Accept either a Corpus or plain documents."""
        return documents if isinstance(documents, Corpus) else cls(documents)

    @cached_property
    def _blob(self) -> str:
        return _SEP.join(self._texts.values())

    def document(self, source: Source) -> Document | None:
        """The source's document by id, else by short title and version."""
        doc = self._by_id.get(source.doc_id)
        if doc is None:
            doc = next((d for d in self.documents
                        if d.short_title == source.short_title and d.version == source.version), None)
        return doc

    def article(self, source: Source) -> Provision | None:
        """The source's article, or None when document or label do not exist."""
        doc = self.document(source)
        return None if doc is None else self._articles.get((doc.doc_id, source.label))

    def article_text(self, source: Source) -> str:
        """Whitespace-free article text ('' when missing)."""
        doc = self.document(source)
        return "" if doc is None else self._texts.get((doc.doc_id, source.label), "")

    def contains(self, sentence: str) -> bool:
        """True when the sentence occurs (ignoring whitespace) in any article of any document."""
        flat = norm(sentence)
        return bool(flat) and flat in self._blob

    def in_article(self, sentence: str, source: Source) -> bool:
        """True when the sentence occurs in the source article."""
        flat = norm(sentence)
        return bool(flat) and flat in self.article_text(source)
