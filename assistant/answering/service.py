"""Assistant: the one API the CLI and UI call (ask, show, status, ingest)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from assistant.answering.conversation import SessionStore
from assistant.answering.streaming import StreamItem, final
from assistant.answering.turns import TurnRunner
from assistant.config import Settings, load_settings
from assistant.errors import IndexStoreError, NotFoundError
from assistant.indexing.build import IndexBuilder, IngestReport
from assistant.indexing.embedders import Embedder, create_embedder
from assistant.indexing.manifest import current_generation, read_manifest
from assistant.indexing.reader import IndexReader
from assistant.indexing.vector_space import VectorSpace, open_space
from assistant.ingest.numerals import article_label, cn_to_int
from assistant.retrieval.lookup import NameResolver, pick_version
from assistant.retrieval.scope import Filters
from assistant.retrieval.search import Searcher
from assistant.types import Answer, Citation

SWAP_WAIT = 2.0  # seconds a question waits for a new generation's searcher before using the previous one


class _Loader:
    """Builds one generation's searcher in a daemon thread."""

    def __init__(self, generation: Path, load: Callable[[], Searcher]) -> None:
        self.generation = generation
        self.searcher: Searcher | None = None
        self.error: BaseException | None = None
        self._done = threading.Event()
        threading.Thread(target=self._run, args=(load,), daemon=True, name=f"load-{generation.name}").start()

    def _run(self, load: Callable[[], Searcher]) -> None:
        try:
            self.searcher = load()
        except BaseException as exc:  # handed to the question that collects the loader
            self.error = exc
        finally:
            self._done.set()

    def wait(self, timeout: float | None) -> bool:
        """True once loading ended (either way) within ``timeout`` seconds (None: no limit)."""
        return self._done.wait(timeout)


class Assistant:
    """Owns settings, embedder, stores and the searcher; reloads when a new index generation appears."""

    def __init__(self, settings: Settings | None = None, index_dir: Path | None = None) -> None:
        self.settings = settings or load_settings()
        self.index_dir = index_dir or self.settings.resolve(self.settings.index.dir)
        self._lock = threading.Lock()
        self._embedder: Embedder | None = None
        self._space: VectorSpace | None = None
        self._searcher: Searcher | None = None
        self._pending: _Loader | None = None
        self.sessions = SessionStore()

    @property
    def embedder(self) -> Embedder:
        """The configured embedder, loaded once."""
        if self._embedder is None:
            e = self.settings.embedder
            self._embedder = create_embedder(e.name, e.model, e.batch_size)
        return self._embedder

    @property
    def space(self) -> VectorSpace:
        """Where the configured embedder's vectors live (per-generation folders or a Chroma server)."""
        if self._space is None:
            self._space = open_space(self.index_dir, self.embedder.fingerprint, self.settings.index.chroma_url)
        return self._space

    def searcher(self) -> Searcher:
        """The searcher of the active generation.

        When a new generation is published (by this process or another), its searcher is built in the
        background (about 30 s at the 1,564-law scale) while questions are still answered from the previous
        one, which stays whole in memory; a small index swaps within :data:`SWAP_WAIT` seconds.
        """
        return self._searcher_within(SWAP_WAIT)

    def _searcher_within(self, wait: float | None) -> Searcher:
        with self._lock:
            gen = current_generation(self.index_dir)
            if self._searcher is None:
                self._searcher = self._load()
                return self._searcher
            if gen is None or gen == self._searcher.reader.generation:
                return self._searcher
            if self._pending is None or self._pending.generation != gen:
                self._pending = _Loader(gen, self._load)
            pending = self._pending
        if not pending.wait(wait):
            return self._searcher  # still loading: answer from the previous generation
        with self._lock:
            if pending is self._pending:
                self._pending = None
                if pending.error is not None:
                    raise pending.error
                assert pending.searcher is not None
                self._searcher = pending.searcher
            return self._searcher

    def _load(self) -> Searcher:
        reader = IndexReader(self.index_dir)
        self._check_embedder(reader.manifest.embedder)
        store = self.space.reader(reader.generation)
        searcher = Searcher(reader, self.embedder, store, self.settings.retrieval)
        weakref.finalize(searcher, self.space.release, store)  # the store lives as long as its searcher
        return searcher

    def _check_embedder(self, built_with: str) -> None:
        if built_with != self.embedder.fingerprint:
            raise IndexStoreError(
                f"索引由嵌入模型 {built_with} 构建，当前配置的是 {self.embedder.fingerprint}，两者的向量不可混用",
                hint="改回原来的 embedder 设置，或用当前设置重新运行 assistant ingest",
                path=str(self.index_dir),
            )

    def ask(self, question: str, history: list[tuple[str, str]] | None = None,
            filters: Filters | None = None, k: int | None = None, *, session_id: str | None = None) -> Answer:
        """Answer one question with citations.

        Extractive unless ``llm.base_url`` is set; with an LLM, falls back to extractive (with a
        notice) when the endpoint fails. Follow-ups use ``history`` — (question, answer) pairs —
        or the conversation remembered under ``session_id``, which this turn then extends.
        """
        return final(self.stream(question, history, filters, session_id, k=k))

    def stream(self, question: str, history: Sequence[tuple[str, str]] | None = None,
               filters: Filters | None = None, session_id: str | None = None, *,
               k: int | None = None) -> Iterator[StreamItem]:
        """Like :meth:`ask`, streamed: yields ``str`` text pieces, then exactly one final ``Answer``.

        The pieces are a preview; the final Answer is authoritative (verified text, citations
        rendered from the store, notices), so UIs should re-render it when it arrives.
        """
        runner = TurnRunner(self.searcher(), self.settings.llm, self.sessions)
        return runner.run(question.strip(), history, filters, k, session_id)

    def forget(self, session_id: str) -> None:
        """Drop the conversation remembered under ``session_id``."""
        self.sessions.forget(session_id)

    def show(self, name: str, article: str, version: str = "") -> Citation:
        """One article by law name (full, short or abbreviation) and number (第31条 / 31 / 第三十一条)."""
        searcher = self.searcher()
        title = NameResolver(searcher.reader).resolve_suffix(name)
        doc = pick_version(searcher.reader.find_documents(title), version[:4]) if title else None
        if doc is None:
            raise NotFoundError(f"索引中没有名为“{name}”的文件", hint="用 assistant status 查看已载入的文件")
        number = cn_to_int(article.strip().removeprefix("第").removesuffix("条").strip())
        label = article_label(number)
        if version and not doc.version.startswith(version[:4]):
            raise NotFoundError(f"《{doc.short_title}》没有 {version} 版本", hint="可用版本见 assistant status")
        p = searcher.reader.provision(doc.doc_id, label)
        return Citation(doc.title, doc.short_title, doc.version, label, number, " / ".join(p.chapter),
                        p.text, 1.0, doc.doc_id)

    def ingest(self, paths: list[Path] | None = None, progress: bool = True) -> IngestReport:
        """Index ``paths`` (default: the configured corpus folders)."""
        paths = paths or self.settings.corpus_folders()
        builder = IndexBuilder(self.index_dir, self.embedder, self.space,
                               max_chars=self.settings.index.max_chunk_chars,
                               max_mb=self.settings.corpus.max_file_mb, progress=progress)
        report = builder.ingest(paths)
        if report.published and self._searcher is not None:
            self._searcher_within(None)  # questions after the ingest see the new documents
        return report

    def status(self) -> dict[str, object]:
        """Documents, counts, embedder and size of the index."""
        manifest = read_manifest(self.index_dir)
        size = sum(p.stat().st_size for p in self.index_dir.rglob("*") if p.is_file()) if self.index_dir.exists() else 0
        if manifest is None:
            return {"index": str(self.index_dir), "documents": [], "chunks": 0, "embedder": None, "bytes": size}
        docs = [{"title": d.title, "short_title": d.short_title, "category": d.category, "version": d.version,
                 "articles": d.articles, "chunks": d.chunks, "current": d.is_current, "path": d.path}
                for d in manifest.documents]
        return {"index": str(self.index_dir), "documents": docs, "chunks": manifest.chunk_count,
                "embedder": manifest.embedder, "created": manifest.created, "bytes": size}
