"""In-memory article-level lexical indexes, built once per index generation from the stored tokens.

* words: the jieba tokens stored at ingest (all parts of an article together) plus the tokens of its
  chapter heading (第三章 法律援助程序 helps 申请法律援助的流程);
* bigrams: overlapping character bigrams of the article text — independent of word segmentation, so
  留置期限 still matches 留置最长多久 and jieba's mis-cuts (法中, 年版) do no harm.

Building both over ~2,000 articles takes well under a second.
"""

from __future__ import annotations

import re
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


def bigrams(text: str) -> list[str]:
    """Overlapping bigrams of the Chinese characters in ``text``."""
    chars = _NON_CJK.sub("", text)
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
    """Word and bigram BM25 over articles, plus each article's representative chunk and token set."""

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
        self.words = Bm25([words[k] for k in self.keys])
        self.bigrams = Bm25([bigrams("".join(texts[k])) for k in self.keys])
        self.token_sets = {k: frozenset(words[k]) for k in self.keys}
        self.bigram_sets = {k: frozenset(bigrams("".join(texts[k]))) for k in self.keys}
        self.doc_ids = np.asarray([k[0] for k in self.keys])

    def mask(self, allowed: set[str]) -> np.ndarray:
        """Boolean mask of the articles whose document is in ``allowed``."""
        return np.isin(self.doc_ids, sorted(allowed)) if allowed else np.zeros(len(self.keys), dtype=bool)

    def as_dict(self, scores: np.ndarray, mask: np.ndarray) -> dict[ArticleKey, float]:
        """Positive scores of allowed articles."""
        return {self.keys[int(i)]: float(scores[i]) for i in np.flatnonzero((scores > 0) & mask)}


@lru_cache(maxsize=4096)
def _chapter_tokens(chapter: str) -> tuple[str, ...]:
    return tuple(t for t in tokenize(chapter.replace("/", " ")) if not t.startswith("第"))
