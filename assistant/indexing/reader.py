"""Read-only view of the active index generation: manifest, documents, chunks, BM25."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assistant.errors import IndexStoreError, NotFoundError
from assistant.indexing.docstore import StoredDoc, read_doc
from assistant.indexing.lexical import LexicalIndex
from assistant.indexing.manifest import Manifest, current_generation
from assistant.types import Chunk, Document, Provision

ATTEMPTS = 5  # generations a reader chases while ingests keep publishing


class IndexReader:
    """Everything a query needs that is not in the vector store; loaded once per generation.

    Loading is safe while another thread or process ingests: the generation named by CURRENT is read
    completely into memory (manifest, documents, BM25). Should an ingest publish a newer generation and
    garbage-collect the files being read, loading starts over on the new generation, so a reader
    always holds one whole generation, never a mix.
    """

    def __init__(self, index_dir: Path) -> None:
        for _ in range(ATTEMPTS):
            gen = current_generation(index_dir)
            if gen is None:
                if (index_dir / "CURRENT").is_file():
                    continue  # CURRENT named a generation that was just collected: read it again
                raise IndexStoreError(f"索引为空：{index_dir}", hint="先运行 assistant ingest 载入文件")
            try:
                self._load(index_dir, gen)
                return
            except FileNotFoundError:
                if current_generation(index_dir) == gen:
                    raise  # not a race with a newer generation: the index is damaged
        raise IndexStoreError(f"索引在读取期间被反复更新：{index_dir}", hint="稍后重试")

    def _load(self, index_dir: Path, gen: Path) -> None:
        self.index_dir, self.generation = index_dir, gen
        self.manifest = Manifest.load(gen / "manifest.json")
        self.docs: dict[str, StoredDoc] = {}
        self.current: dict[str, bool] = {}
        for entry in self.manifest.documents:
            stored = read_doc(index_dir / "docs", entry.key)
            self.docs[entry.doc_id] = stored
            self.current[entry.doc_id] = entry.is_current
        self.chunks: dict[str, Chunk] = {
            c.chunk_id: replace(c, is_current=self.current[c.doc_id])
            for s in self.docs.values() for c in s.chunks
        }
        self._provisions = {(d.document.doc_id, p.label): p for d in self.docs.values()
                            for p in d.document.provisions}
        # load BM25 now: a later ingest may garbage-collect this generation's folder while we still serve it
        self.lexical = LexicalIndex.load(gen / "bm25")

    def documents(self) -> list[Document]:
        """All indexed documents in manifest order."""
        return [s.document for s in self.docs.values()]

    def provision(self, doc_id: str, label: str) -> Provision:
        """The full stored provision (all 款), e.g. ('doc…', '第三十一条')."""
        try:
            return self._provisions[(doc_id, label)]
        except KeyError:
            raise NotFoundError(f"索引中没有 {label}", hint="用 assistant status 查看已载入的文件") from None

    def find_documents(self, name: str) -> list[Document]:
        """Documents whose title or short title matches ``name`` exactly, newest version first."""
        hits = [d for d in self.documents() if name in (d.title, d.short_title, d.doc_id)]
        return sorted(hits, key=lambda d: d.version, reverse=True)

    def is_current(self, doc_id: str) -> bool:
        """False for superseded versions of a law."""
        return self.current.get(doc_id, True)

    def first_chunk(self, doc_id: str, label: str) -> Chunk | None:
        """The first chunk of an article (for lookups), or None when it does not exist."""
        return next((c for c in self.docs[doc_id].chunks if c.article == label), None)
