"""A query-vector cache so repeated evaluation runs embed each dev question once per embedder."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from assistant.indexing.embedders import Embedder


class CachedEmbedder:
    """Wraps an embedder; vectors are kept in memory and in ``folder/<fingerprint>.json``."""

    def __init__(self, inner: Embedder, folder: Path | None) -> None:
        self.inner = inner
        self.fingerprint = inner.fingerprint
        self.path = folder / f"{hashlib.sha1(inner.fingerprint.encode()).hexdigest()[:12]}.json" if folder else None
        self.vectors: dict[str, list[float]] = {}
        if self.path is not None and self.path.is_file():
            self.vectors = json.loads(self.path.read_text(encoding="utf-8"))
        self.misses = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        """Cached vectors; unknown texts go to the wrapped embedder in one batch."""
        todo = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if todo:
            self.misses += len(todo)
            for text, vector in zip(todo, self.inner.embed(todo), strict=True):
                self.vectors[text] = [round(float(x), 6) for x in vector]
        return np.asarray([self.vectors[t] for t in texts], dtype=np.float32)

    def save(self) -> None:
        """Write the cache (only when something new was embedded)."""
        if self.path is not None and self.misses:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.vectors), encoding="utf-8")
