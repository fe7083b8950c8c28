"""A tiny index over tests/data/retrieval with a fast, deterministic character-bigram embedder."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import numpy as np

from assistant.config import RetrievalSettings
from assistant.indexing.build import IndexBuilder
from assistant.indexing.reader import IndexReader
from assistant.indexing.vector_space import open_space
from assistant.retrieval.search import Searcher

DATA = Path(__file__).resolve().parents[1] / "data" / "retrieval"
DIM = 256


class BigramEmbedder:
    """Hashes character bigrams into 256 buckets; similar wording → similar vectors."""

    fingerprint = "test-bigram-v1"

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for a, b in itertools.pairwise(text):
                out[row, int(hashlib.md5((a + b).encode()).hexdigest()[:6], 16) % DIM] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


def build(index_dir: Path) -> Path:
    """Ingest the fixtures into ``index_dir``."""
    embedder = BigramEmbedder()
    report = IndexBuilder(index_dir, embedder, open_space(index_dir, embedder.fingerprint),
                          progress=False).ingest([DATA])
    assert not report.failed, [(r.path, r.message) for r in report.failed]
    return index_dir


def searcher(index_dir: Path, **settings: object) -> Searcher:
    """A Searcher over a built tiny index."""
    embedder = BigramEmbedder()
    reader = IndexReader(index_dir)
    store = open_space(index_dir, embedder.fingerprint).reader(reader.generation)
    return Searcher(reader, embedder, store, RetrievalSettings(**settings))  # type: ignore[arg-type]
