"""Embed only the chunks the vector store does not have yet, in streaming batches."""

from __future__ import annotations

from assistant.indexing.docstore import StoredDoc
from assistant.indexing.embedders import Embedder
from assistant.indexing.vectors import VectorStore

BATCH = 256


def embed_missing(embedder: Embedder, store: VectorStore, stored: list[StoredDoc], *,
                  progress: bool = True) -> int:
    """Embed and add missing chunks; returns how many were embedded. Memory stays bounded by BATCH."""
    chunks = [c for s in stored for c in s.chunks]
    have = store.existing([c.chunk_id for c in chunks])
    todo = [c for c in chunks if c.chunk_id not in have]
    if not todo:
        return 0
    bar = None
    if progress and len(todo) > BATCH:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), desc="向量化", unit="块")
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        vectors = embedder.embed([f"{c.short_title} {c.chapter} {c.text}" for c in batch])
        store.add([c.chunk_id for c in batch], vectors, [c.metadata() for c in batch], [c.text for c in batch])
        if bar is not None:
            bar.update(len(batch))
    if bar is not None:
        bar.close()
    return len(todo)
