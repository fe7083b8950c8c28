"""Helpers for the scale tests: a fast deterministic embedder, corpus edits, generation snapshots."""

from __future__ import annotations

import hashlib
import itertools
import shutil
import threading
from pathlib import Path

import numpy as np

from assistant.config import Settings, load_settings
from assistant.indexing.embedders import embedders
from assistant.indexing.reader import IndexReader
from assistant.types import Answer

SPINE = Path(__file__).resolve().parents[1] / "data" / "spine"
CURRENT_DOC = "示例社区服务条例(2023-06-01).md"
DIM = 128
HASH = "test-scale-hash"

Cited = tuple[str, str, str]  # (doc_id, article, article text)


class HashEmbedder:
    """Character bigrams hashed into 128 buckets: deterministic, thread-safe, ~10⁴ texts/s."""

    fingerprint = "test-scale-hash-v1"

    def __init__(self, model: str = "", batch_size: int = 64) -> None:
        self.calls = 0
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            self.calls += 1
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for a, b in itertools.pairwise(text):
                out[row, int(hashlib.md5((a + b).encode()).hexdigest()[:6], 16) % DIM] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


embedders.register(HASH)(HashEmbedder)


def hash_settings(index: Path) -> Settings:
    """Settings that select the hash embedder (through the registry, as a real deployment would)."""
    return load_settings(index={"dir": str(index)}, embedder={"name": HASH})


def copy_spine(folder: Path) -> Path:
    """A private copy of the three spine fixtures."""
    shutil.copytree(SPINE, folder)
    return folder


def edit_round(corpus: Path, n: int) -> None:
    """Change the corpus for ingest round ``n``: one article reworded, one law added, one removed."""
    doc = corpus / CURRENT_DOC
    text = doc.read_text(encoding="utf-8")
    marker = "【修订轮次"
    base = text.split(marker)[0].rstrip("\n")
    doc.write_text(f"{base}\n\n第七条 本条例第{n}次修订后施行。{marker}{n}】\n", encoding="utf-8")
    for old in corpus.glob("天文观测规程*.md"):
        old.unlink()
    body = "\n\n".join(f"第{c}条 第{n}号观测站应当记录第{i}颗彗星的轨道。" for i, c in enumerate("一二三", 1))
    (corpus / f"天文观测规程{n}.md").write_text(f"# 天文观测规程{n}\n\n<!-- INFO END -->\n\n{body}\n",
                                               encoding="utf-8")


def universe(reader: IndexReader) -> set[Cited]:
    """Every (doc_id, article, text) a citation of this generation can carry."""
    return {(s.document.doc_id, p.label, p.text) for s in reader.docs.values() for p in s.document.provisions}


def cited(answer: Answer) -> set[Cited]:
    """What an answer cites (citations and nearest provisions)."""
    return {(c.doc_id, c.article, c.text) for c in (*answer.citations, *answer.nearest)}
