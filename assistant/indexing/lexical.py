"""BM25 over jieba tokens with bm25s: build, save (numpy arrays + JSON, no pickle), load, search."""

from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np

from assistant.indexing.tokenize import tokenize


class LexicalIndex:
    """BM25 scores for a fixed, ordered list of chunk ids."""

    def __init__(self, retriever: bm25s.BM25, ids: list[str]) -> None:
        self._bm25 = retriever
        self.ids = ids
        self._vocab: dict[str, int] = retriever.vocab_dict

    @classmethod
    def build(cls, ids: list[str], tokens: list[list[str]]) -> LexicalIndex:
        """Index pre-tokenised chunks; empty token lists are allowed."""
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        # an index with no chunks (every file removed) still needs one row for bm25s; it is never returned
        retriever.index([t or [""] for t in tokens] or [[""]], show_progress=False)
        return cls(retriever, ids)

    def save(self, folder: Path) -> None:
        """Write arrays and vocabulary; ``allow_pickle`` stays off."""
        folder.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(folder), allow_pickle=False, show_progress=False)
        (folder / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Load what :meth:`save` wrote."""
        retriever = bm25s.BM25.load(str(folder), allow_pickle=False, show_progress=False)
        ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
        return cls(retriever, ids)

    def scores(self, query: str | list[str]) -> np.ndarray:
        """BM25 score of every indexed chunk for ``query`` (zeros when no token is known)."""
        tokens = tokenize(query) if isinstance(query, str) else query
        known = [self._vocab[t] for t in tokens if t in self._vocab]
        if not known or not self.ids:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def search(self, query: str | list[str], k: int) -> list[tuple[str, float]]:
        """Top ``k`` (chunk id, score) pairs with a positive score."""
        scores = self.scores(query)
        if not scores.any():
            return []
        top = np.argsort(-scores)[:k]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
