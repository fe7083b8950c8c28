"""The naive pipeline a user would build with LangChain, as a baseline.

RecursiveCharacterTextSplitter(500, 50) over each file's raw loaded text → Chroma (langchain-chroma)
with the project's embedder wrapped as LangChain ``Embeddings``. A hit chunk is mapped back to
articles: the article whose text contains the whole chunk, else every article that contains one of
the chunk's lines (≥ 8 characters), in order of appearance. The Chroma folder is kept per embedder,
so the corpus is embedded once.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from assistant.evaluation.baselines import DEPTH
from assistant.evaluation.retrieval import Unit
from assistant.indexing.embedders import Embedder
from assistant.indexing.reader import IndexReader
from assistant.types import Document

_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


class EmbedderAdapter:
    """The project's embedder as a LangChain Embeddings object."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors for corpus chunks."""
        return [list(map(float, v)) for v in self.embedder.embed(texts)]

    def embed_query(self, text: str) -> list[float]:
        """Vector for one question."""
        return list(map(float, self.embedder.embed([text])[0]))


def _as_langchain(embedder: Embedder) -> Any:
    from langchain_core.embeddings import Embeddings

    class _Adapter(EmbedderAdapter, Embeddings):
        pass

    return _Adapter(embedder)


class LangChainRetriever:
    """Naive chunk-and-embed retrieval; never abstains."""

    def __init__(self, reader: IndexReader, embedder: Embedder, folder: Path) -> None:
        from langchain_chroma import Chroma

        self.reader = reader
        self.units = {d.doc_id: _doc_units(d) for d in reader.documents()}
        key = hashlib.sha1(f"{embedder.fingerprint}|{sorted(self.units)}".encode()).hexdigest()[:12]
        persist = folder / f"langchain-{key}"
        fresh = not persist.exists()
        self.store = Chroma(collection_name="naive", embedding_function=_as_langchain(embedder),
                            persist_directory=str(persist))
        if fresh:
            self._index()

    def _index(self) -> None:
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from assistant.ingest.loaders.base import load_file

        splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
        for entry in self.reader.manifest.documents:
            pieces = splitter.split_text(load_file(entry.path).text)
            if pieces:
                self.store.add_texts(pieces, metadatas=[{"doc_id": entry.doc_id}] * len(pieces))

    def retrieve(self, question: str) -> tuple[list[Unit], bool]:
        units: list[Unit] = []
        for doc in self.store.similarity_search(question, k=DEPTH):
            for u in map_back(doc.page_content, self.units.get(doc.metadata.get("doc_id", ""), [])):
                if u not in units:
                    units.append(u)
        return units[:DEPTH], True


def _doc_units(doc: Document) -> list[tuple[Unit, str]]:
    return [(Unit(doc.short_title, p.number or 0, p.label, doc.version), _squash(p.text)) for p in doc.provisions]


def map_back(chunk_text: str, units: list[tuple[Unit, str]]) -> list[Unit]:
    """Articles a naive chunk came from (see the module docstring)."""
    whole = _squash(chunk_text)
    for u, text in units:
        if whole and whole in text:
            return [u]
    found: list[Unit] = []
    for line in (_squash(x) for x in chunk_text.splitlines()):
        if len(line) < 8:
            continue
        for u, text in units:
            if line in text and u not in found:
                found.append(u)
                break
    return found
