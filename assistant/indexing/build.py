"""Incremental, atomic index build.

Unchanged files are neither re-parsed nor re-embedded; changed files get new chunks; files gone from a
scanned folder are removed. A new generation (manifest + BM25) is written beside the old one and made
active by one atomic rename, so an interrupted ingest leaves the previous index answering as before.
"""

from __future__ import annotations

import fcntl
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.errors import AssistantError
from assistant.indexing.docstore import StoredDoc, doc_key, read_doc, write_doc
from assistant.indexing.embed_sync import embed_missing
from assistant.indexing.embedders import Embedder
from assistant.indexing.lexical import LexicalIndex
from assistant.indexing.manifest import PARSER_VERSION, DocEntry, Manifest, current_generation, publish, read_manifest
from assistant.indexing.vectors import VectorStore
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

    def __init__(self, index_dir: Path, embedder: Embedder, store: VectorStore, *, max_chars: int = 1200,
                 max_mb: int = 50, progress: bool = True) -> None:
        self.index_dir, self.embedder, self.store = index_dir, embedder, store
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
        files, problems = discover(paths)
        roots = [str(p.resolve()) for p in paths]
        report = IngestReport(results=list(problems))
        entries = self._scan(files, old, report)
        entries += self._carry_over(old, roots, {str(f) for f in files}, report)
        entries = _mark_current(entries)
        stored = [read_doc(self.docs_dir, e.key) for e in entries]
        report.documents, report.chunks = len(entries), sum(len(s.chunks) for s in stored)
        report.embedded = embed_missing(self.embedder, self.store, stored, progress=self.progress)
        unchanged = old is not None and old.embedder == self.embedder.fingerprint and \
            [(e.key, e.path, e.is_current) for e in old.documents] == [(e.key, e.path, e.is_current) for e in entries]
        if not unchanged:
            all_roots = tuple(sorted(set(old.roots if old else ()) | set(roots)))
            self._publish(Manifest(self.embedder.fingerprint, tuple(entries), all_roots,
                                   created=time.strftime("%Y-%m-%dT%H:%M:%S")), stored)
            report.published = True
        self._collect_garbage(entries)
        return report

    def _scan(self, files: list[Path], old: Manifest | None, report: IngestReport) -> list[DocEntry]:
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
                if not (self.docs_dir / f"{key}.json").exists():
                    write_doc(self.docs_dir, key, process_file(path, sha, self.max_chars, self.max_mb))
            except AssistantError as exc:
                report.results.append(self._failed(path, exc, previous, entries))
                continue
            seen[sha] = path.name
            entry = _entry(key, str(path), read_doc(self.docs_dir, key))
            entries.append(entry)
            same = path.as_posix() in previous and previous[str(path)].sha256 == sha
            report.results.append(FileResult(str(path), "unchanged" if same else "indexed", title=entry.title,
                                             articles=entry.articles, chunks=entry.chunks))
        return entries

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

    def _publish(self, manifest: Manifest, stored: list[StoredDoc]) -> None:
        current = current_generation(self.index_dir)
        number = int(current.name.split("-")[1]) + 1 if current else 1
        final = self.index_dir / f"gen-{number:06d}"
        tmp = self.index_dir / f".{final.name}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        ids = [c.chunk_id for s in stored for c in s.chunks]
        tokens = [list(t) for s in stored for t in s.tokens]
        LexicalIndex.build(ids, tokens).save(tmp / "bm25")
        manifest.save(tmp / "manifest.json")
        shutil.rmtree(final, ignore_errors=True)
        tmp.rename(final)
        publish(self.index_dir, final)

    def _collect_garbage(self, entries: list[DocEntry]) -> None:
        current = current_generation(self.index_dir)
        for gen in self.index_dir.glob("gen-*"):
            if current is not None and gen.name != current.name:
                shutil.rmtree(gen, ignore_errors=True)
        live = {e.key for e in entries}
        for doc in self.docs_dir.glob("*.json"):
            if doc.stem not in live:
                doc.unlink(missing_ok=True)
        live_ids = {c.chunk_id for e in entries for c in read_doc(self.docs_dir, e.key).chunks}
        self.store.delete_except(live_ids)


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
