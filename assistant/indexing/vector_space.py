"""Where each index generation's vectors live: one Chroma folder per generation, or one server collection.

Embedded Chroma is copy-on-write per generation (``index/vectors/gen-NNNNNN/``): an ingest copies the
active generation's folder, adds and prunes vectors in the copy, and only then publishes. A killed
ingest can leave its own folder half-written (Chroma's files are not crash-safe under SIGKILL: the next
query can fail with "Error finding id"), but never the folder a published generation is read from.
The copy costs about a second on the 1,564-law library (≈260 MB) and a grace generation's disk.

A staging folder left by an ingest that stopped with an exception (Ctrl-C, an embedder error) is marked
clean and reused by the next run, so its vectors are not computed again; one left by a kill is not
trusted and is copied afresh.

A Chroma *server* is not killed with the ingest (it finishes or rejects each request whole), so server
mode keeps one shared collection; vectors no kept generation uses are deleted after a publish.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Protocol

from assistant.indexing.vectors import ChromaStore, open_store

CLEAN = ".clean"  # marks a staging folder whose ingest stopped without being killed
LEGACY = "chroma"  # index/chroma/: the single shared folder of indexes built before generations had their own


class VectorSpace(Protocol):
    """Hands out the vector store of a published generation and of the generation being built."""

    def reader(self, generation: Path) -> ChromaStore:
        """The store a published ``generation`` is queried with; :meth:`release` it when done."""
        ...

    def release(self, store: ChromaStore) -> None:
        """Give back a store from :meth:`reader` (its searcher is gone)."""
        ...

    def stage(self, previous: Path | None, generation: str) -> ChromaStore:
        """A writable store for the generation named ``generation``, starting from ``previous``'s vectors."""
        ...

    def finish(self, store: ChromaStore, ids: set[str], *, ok: bool) -> None:
        """End staging: on success keep exactly ``ids`` (ready to publish); else leave it resumable."""
        ...

    def collect(self, keep: list[Path], live_ids: set[str], *, prune: bool) -> None:
        """Delete vectors that no generation in ``keep`` uses (``live_ids``: theirs, when ``prune``)."""
        ...


class PerGeneration:
    """Embedded Chroma, one folder per generation under ``index/vectors/``."""

    def __init__(self, index_dir: Path, fingerprint: str) -> None:
        self.root, self.fingerprint = index_dir / "vectors", fingerprint
        self.legacy = index_dir / LEGACY

    def folder(self, generation: Path) -> Path:
        """The Chroma folder of a published generation (the legacy shared folder for old indexes)."""
        own = self.root / generation.name
        return own if own.is_dir() or not self.legacy.is_dir() else self.legacy

    def reader(self, generation: Path) -> ChromaStore:
        return open_store(self.folder(generation), self.fingerprint)

    def release(self, store: ChromaStore) -> None:
        store.close()  # clients of one folder share a refcounted Chroma system; the last close frees it

    def stage(self, previous: Path | None, generation: str) -> ChromaStore:
        target = self.root / generation
        if not (target / CLEAN).is_file():
            shutil.rmtree(target, ignore_errors=True)
            source = self.folder(previous) if previous is not None else None
            if source is not None and source.is_dir():
                copy_chroma(source, target)
        (target / CLEAN).unlink(missing_ok=True)
        return open_store(target, self.fingerprint)

    def finish(self, store: ChromaStore, ids: set[str], *, ok: bool) -> None:
        folder = store.folder
        if ok:
            store.delete_except(ids)
        store.close()
        if not ok and folder is not None:
            (folder / CLEAN).touch()

    def collect(self, keep: list[Path], live_ids: set[str], *, prune: bool) -> None:
        del live_ids, prune  # every kept folder holds exactly its generation's vectors
        names = {g.name for g in keep}
        for folder in self.root.glob("gen-*"):
            if folder.name not in names:
                shutil.rmtree(folder, ignore_errors=True)
        if self.legacy.is_dir() and all((self.root / n).is_dir() for n in names):
            shutil.rmtree(self.legacy, ignore_errors=True)


class SharedCollection:
    """A Chroma server: every generation reads the one collection of the embedder."""

    def __init__(self, chroma_url: str, fingerprint: str) -> None:
        self.store = open_store(Path(), fingerprint, chroma_url)

    def reader(self, generation: Path) -> ChromaStore:
        return self.store

    def release(self, store: ChromaStore) -> None:
        """The shared client lives as long as the space."""

    def stage(self, previous: Path | None, generation: str) -> ChromaStore:
        return self.store

    def finish(self, store: ChromaStore, ids: set[str], *, ok: bool) -> None:
        """Nothing to do: vectors of the previous generation stay until :meth:`collect`."""

    def collect(self, keep: list[Path], live_ids: set[str], *, prune: bool) -> None:
        if prune and keep:
            self.store.delete_except(live_ids)


def open_space(index_dir: Path, fingerprint: str, chroma_url: str = "") -> VectorSpace:
    """Per-generation embedded folders, or the shared collection of the server at ``chroma_url``."""
    return SharedCollection(chroma_url, fingerprint) if chroma_url else PerGeneration(index_dir, fingerprint)


def copy_chroma(source: Path, target: Path) -> None:
    """Copy a Chroma folder; the SQLite file through SQLite's backup API (a consistent snapshot)."""
    target.mkdir(parents=True)
    for item in source.iterdir():
        if item.name == "chroma.sqlite3":
            with closing(sqlite3.connect(item)) as src, closing(sqlite3.connect(target / item.name)) as dst:
                src.backup(dst)
        elif item.is_dir():
            shutil.copytree(item, target / item.name)
        elif not item.name.startswith("chroma.sqlite3-") and item.name != CLEAN:  # -wal/-shm: in the backup
            shutil.copy2(item, target / item.name)


def active_folder(index_dir: Path) -> Path:
    """The embedded Chroma folder of the active generation (what ``chroma run --path`` serves)."""
    from assistant.indexing.manifest import current_generation

    generation = current_generation(index_dir)
    if generation is None:
        raise FileNotFoundError(f"no active generation in {index_dir}")
    return PerGeneration(index_dir, "").folder(generation)
