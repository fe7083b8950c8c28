"""In-memory article-level lexical indexes, built once per index generation from the stored tokens.

* words: the jieba tokens stored at ingest (all parts of an article together) plus the tokens of its
  chapter heading (第三章 法律援助程序 helps 申请法律援助的流程);
* bigrams: overlapping character bigrams of the article text — independent of word segmentation, so
  留置期限 still matches 留置最长多久 and jieba's mis-cuts (法中, 年版) do no harm.

Building both over ~2,000 articles takes well under a second.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import lru_cache

import bm25s
import numpy as np

from assistant.indexing.reader import IndexReader
from assistant.indexing.tokenize import tokenize
from assistant.types import Chunk

ArticleKey = tuple[str, str]  # (doc_id, article or section label)
_NON_CJK = re.compile(r"[^\u4e00-\u9fff]")


def article_key(chunk: Chunk) -> ArticleKey:
    """The unit hits are counted in: one 条 or one speech section."""
    return (chunk.doc_id, chunk.article)


def chinese(text: str) -> str:
    """The Chinese characters of ``text``, in order (punctuation, digits and Latin dropped)."""
    return _NON_CJK.sub("", text)


def bigrams(text: str) -> list[str]:
    """Overlapping bigrams of the Chinese characters in ``text``."""
    chars = chinese(text)
    return [chars[i:i + 2] for i in range(len(chars) - 1)]


class Bm25:
    """A bm25s model with its vocabulary; scores are dense arrays over the article list."""

    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.model = bm25s.BM25(k1=k1, b=b)
        self.model.index([d or [""] for d in docs], show_progress=False)
        self.vocab: dict[str, int] = self.model.vocab_dict
        self.size = len(docs)

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 of every article (zeros when no token is known)."""
        ids = [self.vocab[t] for t in tokens if t in self.vocab]
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.model.get_scores(ids), dtype=np.float32)


class ArticleIndex:
    """Word and bigram BM25 over articles, plus each article's representative chunk and full text."""

    def __init__(self, reader: IndexReader) -> None:
        self.keys: list[ArticleKey] = []
        self.chunks: dict[ArticleKey, Chunk] = {}
        words: dict[ArticleKey, list[str]] = {}
        texts: dict[ArticleKey, list[str]] = {}
        for stored in reader.docs.values():
            for chunk, tokens in zip(stored.chunks, stored.tokens, strict=True):
                key = article_key(chunk)
                if key not in self.chunks:
                    self.keys.append(key)
                    self.chunks[key] = chunk
                    words[key] = list(_chapter_tokens(chunk.chapter))
                    texts[key] = []
                words[key].extend(tokens)
                texts[key].append(chunk.text)
        self.texts = {k: "".join(texts[k]) for k in self.keys}
        grams = [bigrams(self.texts[k]) for k in self.keys]
        self.words = Bm25([words[k] for k in self.keys])
        self.bigrams = Bm25(grams)
        self.rows = {k: row for row, k in enumerate(self.keys)}
        self.doc_rows = {doc_id: row for row, doc_id in enumerate(dict.fromkeys(k[0] for k in self.keys))}
        self.doc_index = np.fromiter((self.doc_rows[k[0]] for k in self.keys), dtype=np.intp, count=len(self.keys))

    def mask(self, allowed: Collection[str]) -> np.ndarray:
        """Boolean mask of the articles whose document is in ``allowed``."""
        docs = np.zeros(len(self.doc_rows), dtype=bool)
        docs[np.fromiter((self.doc_rows[d] for d in allowed if d in self.doc_rows), dtype=np.intp)] = True
        return docs[self.doc_index]

    def rows_of(self, keys: Iterable[ArticleKey]) -> np.ndarray:
        """Row numbers of ``keys`` (in their order) in the score arrays."""
        return np.fromiter((self.rows[k] for k in keys), dtype=np.intp)

    def as_dict(self, scores: np.ndarray, rows: np.ndarray | None = None) -> dict[ArticleKey, float]:
        """Positive scores by article: of every article, or of ``rows`` only."""
        rows = np.flatnonzero(scores > 0) if rows is None else rows[scores[rows] > 0]
        keys = self.keys
        return {keys[row]: value for row, value in zip(rows.tolist(), scores[rows].tolist(), strict=True)}


@lru_cache(maxsize=4096)
def _chapter_tokens(chapter: str) -> tuple[str, ...]:
    return tuple(t for t in tokenize(chapter.replace("/", " ")) if not t.startswith("第"))
