"""VectorStore protocol and the Chroma implementation (embedded PersistentClient or HttpClient server).

We embed ourselves and hand Chroma the vectors, so Chroma's own default embedding function (which
would download a model) is never used. One collection per embedder fingerprint.

Thread safety: one ChromaStore is shared by every request thread of a process and by an ingest running
in the same process. Both clients allow that (the embedded client's Rust core and the HTTP client's
connection pool are thread-safe; checked with 20 querying threads against a writer in tests/scale).
An embedded ``PersistentClient`` folder must be opened by one process only; several processes serving
one index use a ``chroma run`` server (``index.chroma_url``), see docs/DEPLOYMENT.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import numpy as np

from assistant.errors import BackendUnavailableError

Metadata = dict[str, str | int | bool]


class VectorStore(Protocol):
    """Stores chunk vectors with metadata; answers nearest-neighbour queries."""

    def existing(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are already stored."""
        ...

    def add(self, ids: list[str], vectors: np.ndarray, metadatas: list[Metadata], texts: list[str]) -> None:
        """Add (or overwrite) chunks."""
        ...

    def query(self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """Ids and cosine similarities of the ``n`` nearest chunks."""
        ...

    def delete_except(self, keep: set[str]) -> int:
        """Remove every chunk not in ``keep``; return how many were removed."""
        ...

    def count(self) -> int:
        """Number of stored chunks."""
        ...

    def close(self) -> None:
        """Release the client (files of an embedded store, connections of a server one)."""
        ...


def collection_name(fingerprint: str) -> str:
    """A Chroma-safe collection name for an embedder fingerprint."""
    return "chunks_" + hashlib.sha1(fingerprint.encode()).hexdigest()[:12]


class ChromaStore:
    """Chroma collection holding chunk vectors (cosine space)."""

    def __init__(self, client: Any, fingerprint: str, folder: Path | None = None) -> None:
        self._client, self.folder = client, folder  # folder: embedded only
        self._collection = client.get_or_create_collection(
            collection_name(fingerprint), embedding_function=None,
            metadata={"hnsw:space": "cosine", "embedder": fingerprint},
        )

    def existing(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 5000):
            found.update(self._collection.get(ids=list(ids[start : start + 5000]), include=[])["ids"])
        return found

    def add(self, ids: list[str], vectors: np.ndarray, metadatas: list[Metadata], texts: list[str]) -> None:
        for s in range(0, len(ids), 1000):
            e = s + 1000
            self._collection.upsert(
                ids=ids[s:e], embeddings=vectors[s:e].tolist(), metadatas=metadatas[s:e],  # type: ignore[arg-type]
                documents=texts[s:e],
            )

    def query(self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        # Chroma ≥ 1.0 answers n_results > count (and an empty collection) with what it has, so no count()
        # round trip per query: in server mode that halves the HTTP requests of a question.
        result = self._collection.query(
            query_embeddings=[vector.tolist()], n_results=n, where=where or None, include=["distances"],
        )
        distances = result["distances"][0] if result["distances"] else []
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], distances, strict=True)]

    def delete_except(self, keep: set[str]) -> int:
        stored = self._collection.get(include=[])["ids"]
        stale = [i for i in stored if i not in keep]
        for start in range(0, len(stale), 5000):
            self._collection.delete(ids=stale[start : start + 5000])
        return len(stale)

    def count(self) -> int:
        return int(self._collection.count())

    def close(self) -> None:
        self._client.close()


def open_store(folder: Path, fingerprint: str, chroma_url: str = "") -> ChromaStore:
    """Embedded Chroma in ``folder`` or, with ``chroma_url``, a Chroma server (``folder`` unused)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if chroma_url:
            url = urlparse(chroma_url)
            client = chromadb.HttpClient(
                host=url.hostname or "127.0.0.1", port=url.port or 8000, ssl=url.scheme == "https",
                settings=settings,
            )
            client.heartbeat()
        else:
            client = chromadb.PersistentClient(path=str(folder), settings=settings)
    except Exception as exc:  # connection refused, incompatible server, locked folder…
        where = chroma_url or str(folder)
        raise BackendUnavailableError(
            f"无法打开 Chroma 向量库（{where}）：{exc}",
            hint="检查 chroma_url 指向的服务是否已用 `chroma run --path DIR --host 127.0.0.1` 启动",
        ) from exc
    return ChromaStore(client, fingerprint, None if chroma_url else folder)
