"""Incremental, atomic, streaming index build.

Unchanged files are neither re-parsed nor re-embedded; changed files get new chunks; files gone from a
scanned folder are removed. A new generation (manifest + BM25) is written beside the old one and made
active by one atomic rename, so an interrupted ingest leaves the previous index answering as before.

Two passes keep memory bounded on a large library (1,564 laws → ~66,000 chunks): *scan* hashes every
file and parses only new content into ``docs/<key>.json``; *index* then streams the documents one at a
time, feeding their chunks to the embedder in batches and keeping only chunk ids and (interned) BM25
tokens. Parsed documents and stored vectors persist as they are produced, so a re-run after an
interruption continues where the last one stopped.

Garbage collection after a publish keeps the generation that was active before it (its folder, its
documents and its vectors) as a grace generation: readers still loading or serving it stay whole. It
goes at the next publish.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.errors import AssistantError
from assistant.indexing.docstore import StoredDoc, doc_key, read_doc, write_doc
from assistant.indexing.embed_sync import BATCH, EmbedQueue
from assistant.indexing.embedders import Embedder
from assistant.indexing.lexical import LexicalIndex
from assistant.indexing.manifest import PARSER_VERSION, DocEntry, Manifest, current_generation, publish, read_manifest
from assistant.indexing.vector_space import VectorSpace
from assistant.indexing.vectors import ChromaStore
from assistant.ingest.pipeline import FileResult, discover, file_sha256, process_file, rejected


@dataclass
class IngestReport:
    """Per-file results plus totals for the CLI/UI."""

    results: list[FileResult] = field(default_factory=list)
    embedded: int = 0
    documents: int = 0
    chunks: int = 0
    seconds: float = 0.0
    published: bool = False
    phases: dict[str, float] = field(default_factory=dict)  # seconds: scan, index (⊃ embed, store), publish, gc

    @property
    def failed(self) -> list[FileResult]:
        """Files that were rejected."""
        return [r for r in self.results if r.status in ("rejected", "kept")]


@contextmanager
def ingest_lock(index_dir: Path) -> Iterator[None]:
    """One ingest at a time per index folder (readers never need the lock)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".ingest.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


class IndexBuilder:
    """Builds and updates one index folder."""

    def __init__(self, index_dir: Path, embedder: Embedder, space: VectorSpace, *, max_chars: int = 1200,
                 max_mb: int = 50, progress: bool = True) -> None:
        self.index_dir, self.embedder, self.space = index_dir, embedder, space
        self.max_chars, self.max_mb, self.progress = max_chars, max_mb, progress
        self.docs_dir = index_dir / "docs"

    def ingest(self, paths: list[Path]) -> IngestReport:
        """Bring the index in line with ``paths``; see the module docstring."""
        start = time.perf_counter()
        with ingest_lock(self.index_dir):
            report = self._ingest(paths)
        report.seconds = time.perf_counter() - start
        return report

    def _ingest(self, paths: list[Path]) -> IngestReport:
        old = read_manifest(self.index_dir)
        previous = current_generation(self.index_dir)
        files, problems = discover(paths)
        roots = [str(p.resolve()) for p in paths]
        report = IngestReport(results=list(problems))
        with _timed(report, "scan"):
            carried = self._carry_over(old, roots, {str(f) for f in files}, report)
            entries = self._scan(files, old, report, {_edition(e): Path(e.path).name for e in carried})
            entries += carried
            entries = _mark_current(entries)
        report.documents, report.chunks = len(entries), sum(e.chunks for e in entries)
        unchanged = old is not None and old.embedder == self.embedder.fingerprint and \
            [(e.key, e.path, e.is_current) for e in old.documents] == [(e.key, e.path, e.is_current) for e in entries]
        if unchanged and previous is not None and self._vectors_complete(previous):
            with _timed(report, "gc"):
                self._collect_garbage(sorted(self.index_dir.glob("gen-*")), prune_vectors=False)
            return report
        name = _next_name(previous)
        with _timed(report, "index"):
            ids, tokens = self._index(entries, report, self.space.stage(previous, name))
        all_roots = tuple(sorted(set(old.roots if old else ()) | set(roots)))
        with _timed(report, "publish"):
            self._publish(name, Manifest(self.embedder.fingerprint, tuple(entries), all_roots,
                                         created=time.strftime("%Y-%m-%dT%H:%M:%S")), ids, tokens)
        report.published = True
        del ids, tokens
        keep = [g for g in (current_generation(self.index_dir), previous) if g is not None]
        with _timed(report, "gc"):
            self._collect_garbage(keep, prune_vectors=True)
        return report

    def _index(self, entries: list[DocEntry], report: IngestReport,
               store: ChromaStore) -> tuple[list[str], list[tuple[str, ...]]]:
        """Stream the documents into ``store`` (the staged generation's): embed missing chunks in batches,
        keep only ids and BM25 tokens. However it ends, the space is told, so a failed run stays resumable."""
        bar = None
        if self.progress and report.chunks > BATCH:
            from tqdm import tqdm

            bar = tqdm(total=report.chunks, desc="向量化", unit="块")
        queue = EmbedQueue(self.embedder, store, bar=bar)
        ids: list[str] = []
        tokens: list[tuple[str, ...]] = []
        ok = False
        try:
            for entry in entries:
                stored = read_doc(self.docs_dir, entry.key)
                ids.extend(c.chunk_id for c in stored.chunks)
                tokens.extend(stored.tokens)
                queue.add(stored.chunks)
            report.embedded = queue.close()
            report.phases.update(queue.seconds)
            ok = True
        finally:
            if bar is not None:
                bar.close()
            self.space.finish(store, set(ids), ok=ok)
        return ids, tokens

    def _vectors_complete(self, generation: Path) -> bool:
        """True when every chunk of ``generation`` has its vector in the store."""
        ids = _generation_ids(generation)
        if ids is None:
            return False
        store = self.space.reader(generation)
        try:
            return len(store.existing(ids)) == len(set(ids))
        finally:
            self.space.release(store)

    def _scan(self, files: list[Path], old: Manifest | None, report: IngestReport,
              editions: dict[Edition, str]) -> list[DocEntry]:
        """Entries of ``files``; one file per edition (:func:`_edition`): ``editions`` holds those taken already."""
        previous = {d.path: d for d in old.documents} if old else {}
        entries: list[DocEntry] = []
        seen: dict[str, str] = {}
        for path in _progress(files, self.progress, "解析文件"):
            sha = file_sha256(path)
            if sha in seen:
                report.results.append(FileResult(str(path), "duplicate", f"与 {seen[sha]} 内容相同，已跳过"))
                continue
            key = doc_key(sha, PARSER_VERSION, self.max_chars)
            try:
                entry = self._entry_for(path, sha, key, previous.get(str(path)))
            except AssistantError as exc:
                report.results.append(self._failed(path, exc, previous, entries))
                continue
            twin = editions.get(_edition(entry))
            if twin is not None:  # the same law in the same version from another file (PDF and DOCX of it)
                edition = f"（{entry.version} 版）" if entry.version else ""
                report.results.append(FileResult(str(path), "duplicate", f"《{entry.title}》{edition}已由 {twin} "
                                                 f"载入，已跳过；如需换用此文件，请先移走 {twin}"))
                continue
            seen[sha] = path.name
            editions[_edition(entry)] = path.name
            entries.append(entry)
            same = path.as_posix() in previous and previous[str(path)].sha256 == sha
            report.results.append(FileResult(str(path), "unchanged" if same else "indexed", title=entry.title,
                                             articles=entry.articles, chunks=entry.chunks))
        return entries

    def _entry_for(self, path: Path, sha: str, key: str, before: DocEntry | None) -> DocEntry:
        """The manifest entry of one file; parses only content the document store does not hold."""
        if before is not None and before.key == key and (self.docs_dir / f"{key}.json").exists():
            return before  # same bytes, same parser settings: nothing to read
        if (self.docs_dir / f"{key}.json").exists():  # parsed before (another path, or an interrupted run)
            return _entry(key, str(path), read_doc(self.docs_dir, key))
        stored = process_file(path, sha, self.max_chars, self.max_mb)
        write_doc(self.docs_dir, key, stored)
        return _entry(key, str(path), stored)

    @staticmethod
    def _failed(path: Path, exc: AssistantError, previous: dict[str, DocEntry],
                entries: list[DocEntry]) -> FileResult:
        if str(path) in previous:  # never lose what was indexed: keep the last good version
            entries.append(previous[str(path)])
            return FileResult(str(path), "kept", exc.message + "；保留上次成功入库的版本", exc.hint)
        return rejected(path, exc)

    @staticmethod
    def _carry_over(old: Manifest | None, roots: list[str], scanned: set[str],
                    report: IngestReport) -> list[DocEntry]:
        kept: list[DocEntry] = []
        for entry in old.documents if old else ():
            if entry.path in scanned:
                continue
            if any(entry.path == r or entry.path.startswith(r.rstrip("/") + "/") for r in roots):
                report.results.append(FileResult(entry.path, "removed", "文件已不存在，已从索引中移除",
                                                 title=entry.title))
                continue
            kept.append(entry)
        return kept

    def _publish(self, name: str, manifest: Manifest, ids: list[str], tokens: Sequence[tuple[str, ...]]) -> None:
        final = self.index_dir / name
        tmp = self.index_dir / f".{final.name}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        LexicalIndex.build(ids, tokens).save(tmp / "bm25")  # type: ignore[arg-type]  # tuples are fine for bm25s
        manifest.save(tmp / "manifest.json")
        shutil.rmtree(final, ignore_errors=True)
        tmp.rename(final)
        publish(self.index_dir, final)

    def _collect_garbage(self, keep: list[Path], *, prune_vectors: bool) -> None:
        """Delete generations, documents and (when ``prune_vectors``) vectors that no kept generation uses."""
        names = {g.name for g in keep}
        for gen in self.index_dir.glob("gen-*"):
            if gen.name not in names:
                shutil.rmtree(gen, ignore_errors=True)
        for leftover in self.index_dir.glob(".gen-*.tmp"):  # from killed ingests; we hold the ingest lock
            shutil.rmtree(leftover, ignore_errors=True)
        live_keys: set[str] = set()
        live_ids: set[str] = set()
        for gen in keep:
            live_keys.update(d.key for d in Manifest.load(gen / "manifest.json").documents)
            if prune_vectors:
                live_ids.update(_generation_ids(gen) or ())
        for doc in self.docs_dir.glob("*.json"):
            if doc.stem not in live_keys:
                doc.unlink(missing_ok=True)
        for leftover in self.docs_dir.glob("*.tmp"):
            leftover.unlink(missing_ok=True)
        self.space.collect(keep, live_ids, prune=prune_vectors)


Edition = tuple[str, str, int, int]


def _edition(entry: DocEntry) -> Edition:
    """What makes two files one edition of a law: title, version and the same article and chunk counts.

    The counts keep apart files that share a title and date but hold different parts — the 民法典 comes as
    eight book files, all 中华人民共和国民法典 2020-05-28 — while a PDF and a DOCX of one text still coincide.
    """
    return entry.title, entry.version, entry.articles, entry.chunks


def _next_name(current: Path | None) -> str:
    """gen-000001, then one more than the active generation."""
    return f"gen-{int(current.name.split('-')[1]) + 1 if current else 1:06d}"


def _generation_ids(generation: Path) -> list[str] | None:
    """Chunk ids of a generation, from its BM25 id list (None when unreadable)."""
    try:
        ids = json.loads((generation / "bm25" / "ids.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return [str(i) for i in ids]


@contextmanager
def _timed(report: IngestReport, phase: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        report.phases[phase] = report.phases.get(phase, 0.0) + time.perf_counter() - start


def _entry(key: str, path: str, stored: StoredDoc) -> DocEntry:
    d = stored.document
    return DocEntry(key, d.doc_id, path, d.sha256, d.title, d.short_title, d.category, d.version, d.kind,
                    d.article_count, len(stored.chunks))


def _mark_current(entries: list[DocEntry]) -> list[DocEntry]:
    """Of several versions of one title, only the newest is current."""
    newest: dict[str, str] = {}
    for e in entries:
        newest[e.title] = max(newest.get(e.title, ""), e.version)
    return [replace(e, is_current=e.version == newest[e.title]) for e in entries]


def _progress(items: list[Path], enabled: bool, desc: str) -> Iterator[Path]:
    if not enabled or len(items) < 5:
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc=desc, unit="文件")
