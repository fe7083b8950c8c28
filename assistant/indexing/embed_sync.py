"""Embed only the chunks the vector store does not have yet, in streaming batches.

Chunks are fed document by document; memory stays bounded by :data:`CHECK` + :data:`BATCH` chunks
whatever the corpus size. Every batch is written to the store as soon as it is embedded, so an
interrupted ingest keeps its work: the next run finds those chunks present and skips them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

from assistant.indexing.docstore import StoredDoc
from assistant.indexing.embedders import Embedder
from assistant.indexing.vectors import VectorStore
from assistant.types import Chunk

BATCH = 256  # chunks per embedder call and store write
CHECK = 2048  # chunks per "which of these are stored already?" query


def embed_text(chunk: Chunk) -> str:
    """What is embedded for a chunk: short title and chapter give the article its context."""
    return f"{chunk.short_title} {chunk.chapter} {chunk.text}"


class EmbedQueue:
    """Collects chunks, asks the store which are missing, embeds and stores those in batches."""

    def __init__(self, embedder: Embedder, store: VectorStore, *, bar: Any | None = None) -> None:
        self.embedder, self.store, self.bar = embedder, store, bar
        self.embedded = 0
        self.seconds = {"embed": 0.0, "store": 0.0}  # time in the embedder and in vector-store writes
        self._unchecked: list[Chunk] = []
        self._pending: list[Chunk] = []
        self._pending_ids: set[str] = set()

    def add(self, chunks: Iterable[Chunk]) -> None:
        """Queue chunks (ids already stored or already queued are skipped)."""
        self._unchecked.extend(chunks)
        if len(self._unchecked) >= CHECK:
            self._check()

    def close(self) -> int:
        """Embed whatever is still queued; returns how many chunks this queue embedded."""
        self._check()
        self._flush(everything=True)
        return self.embedded

    def _check(self) -> None:
        if not self._unchecked:
            return
        have = self.store.existing(list(dict.fromkeys(c.chunk_id for c in self._unchecked)))
        for chunk in self._unchecked:
            if chunk.chunk_id not in have and chunk.chunk_id not in self._pending_ids:
                self._pending.append(chunk)
                self._pending_ids.add(chunk.chunk_id)
            elif self.bar is not None:
                self.bar.update(1)
        self._unchecked = []
        self._flush(everything=False)

    def _flush(self, *, everything: bool) -> None:
        while len(self._pending) >= BATCH or (everything and self._pending):
            batch, self._pending = self._pending[:BATCH], self._pending[BATCH:]
            self._store(batch)
            self._pending_ids.difference_update(c.chunk_id for c in batch)

    def _store(self, batch: Sequence[Chunk]) -> None:
        start = time.perf_counter()
        vectors = self.embedder.embed([embed_text(c) for c in batch])
        middle = time.perf_counter()
        self.store.add([c.chunk_id for c in batch], vectors, [c.metadata() for c in batch], [c.text for c in batch])
        self.seconds["embed"] += middle - start
        self.seconds["store"] += time.perf_counter() - middle
        self.embedded += len(batch)
        if self.bar is not None:
            self.bar.update(len(batch))
            self.bar.set_postfix_str(f"新向量 {self.embedded}", refresh=False)


def embed_missing(embedder: Embedder, store: VectorStore, stored: Iterable[StoredDoc], *,
                  progress: bool = True) -> int:
    """Embed and add the missing chunks of ``stored`` (any iterable, consumed lazily)."""
    del progress  # kept for callers of the old signature; IndexBuilder draws the progress bar
    queue = EmbedQueue(embedder, store)
    for doc in stored:
        queue.add(doc.chunks)
    return queue.close()
