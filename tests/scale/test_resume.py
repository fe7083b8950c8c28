"""An interrupted ingest is resumable: parsed documents and stored vectors persist, a re-run continues.

(tests/hardening/test_crash_safety.py SIGKILLs real ingests; here the interruptions are placed exactly,
during parsing and during embedding, to check what the next run does not have to do again.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from scale_fixtures import HashEmbedder, copy_spine

import assistant.indexing.build as build_module
from assistant.indexing import embed_sync
from assistant.indexing.build import IndexBuilder
from assistant.indexing.manifest import current_generation
from assistant.indexing.vector_space import CLEAN, open_space
from assistant.indexing.vectors import open_store
from assistant.ingest.pipeline import process_file
from assistant.types import Chunk


class Interrupted(KeyboardInterrupt):
    """Stands for Ctrl-C / a closed terminal in the middle of an ingest."""


class FlakyEmbedder(HashEmbedder):
    """Interrupts the ingest on its ``fail_at``-th call."""

    def __init__(self, fail_at: int) -> None:
        super().__init__()
        self.fail_at = fail_at

    def embed(self, texts: list[str]) -> np.ndarray:
        if self.calls + 1 == self.fail_at:
            self.calls += 1
            raise Interrupted
        return super().embed(texts)


def corpus_of(tmp_path: Path, extra: int) -> Path:
    """The spine fixtures plus ``extra`` small generated laws."""
    corpus = copy_spine(tmp_path / "corpus")
    for n in range(extra):
        body = "\n\n".join(f"第{c}条 第{n}号气象站应当在{c}时记录降水量。" for c in "一二三四五")
        (corpus / f"气象记录办法{n}.md").write_text(f"# 气象记录办法{n}\n\n<!-- INFO END -->\n\n{body}\n",
                                                 encoding="utf-8")
    return corpus


def test_interrupted_embedding_resumes_where_it_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed_sync, "BATCH", 4)
    corpus, index = corpus_of(tmp_path, 3), tmp_path / "index"
    flaky = FlakyEmbedder(fail_at=3)
    space = open_space(index, flaky.fingerprint)
    with pytest.raises(Interrupted):
        IndexBuilder(index, flaky, space, progress=False).ingest([corpus])
    assert current_generation(index) is None  # nothing half-built was published
    staged = index / "vectors" / "gen-000001"
    assert (staged / CLEAN).is_file()  # stopped by an exception, not killed: trusted by the next run
    assert open_store(staged, flaky.fingerprint).count() == 8  # the two batches embedded before it are kept
    parsed = len(list((index / "docs").glob("*.json")))
    assert parsed == 6  # every file had been parsed before embedding began

    embedder = HashEmbedder()
    report = IndexBuilder(index, embedder, space, progress=False).ingest([corpus])
    assert report.published and report.embedded == report.chunks - 8
    generation = current_generation(index)
    assert generation is not None and space.reader(generation).count() == report.chunks
    assert IndexBuilder(index, embedder, space, progress=False).ingest([corpus]).embedded == 0


def test_a_killed_runs_staging_folder_is_not_trusted(tmp_path: Path) -> None:
    """Without the clean mark (the ingest was killed), staging starts again from the published vectors."""
    corpus, index = corpus_of(tmp_path, 1), tmp_path / "index"
    embedder = HashEmbedder()
    space = open_space(index, embedder.fingerprint)
    first = IndexBuilder(index, embedder, space, progress=False).ingest([corpus])
    junk = index / "vectors" / "gen-000002"
    junk.mkdir(parents=True)
    (junk / "chroma.sqlite3").write_bytes(b"half-written by a killed ingest")
    corpus_of(tmp_path / "more", 2)
    shutil.copy(tmp_path / "more" / "corpus" / "气象记录办法1.md", corpus)
    second = IndexBuilder(index, embedder, space, progress=False).ingest([corpus])
    assert second.published and second.embedded == second.chunks - first.chunks
    assert sorted(p.name for p in (index / "vectors").iterdir()) == ["gen-000001", "gen-000002"]


def test_interrupted_parsing_resumes_without_parsing_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, index = corpus_of(tmp_path, 3), tmp_path / "index"
    parsed: list[str] = []

    def interrupting(path: Path, *args: object, **kwargs: object) -> object:
        if len(parsed) == 4:
            raise Interrupted
        parsed.append(path.name)
        return process_file(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "process_file", interrupting)
    embedder = HashEmbedder()
    builder = IndexBuilder(index, embedder, open_space(index, embedder.fingerprint), progress=False)
    with pytest.raises(Interrupted):
        builder.ingest([corpus])
    assert len(list((index / "docs").glob("*.json"))) == 4 and embedder.calls == 0
    first = set(parsed)
    parsed.clear()
    report = builder.ingest([corpus])
    assert report.published and report.documents == 6
    assert len(parsed) == 2 and not first & set(parsed)  # only the two files not parsed before


def test_unchanged_reingest_reads_no_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The unchanged path checks hashes and the stored vectors only (fast on a 1,564-law library)."""
    corpus, index = corpus_of(tmp_path, 2), tmp_path / "index"
    embedder = HashEmbedder()
    space = open_space(index, embedder.fingerprint)
    builder = IndexBuilder(index, embedder, space, progress=False)
    builder.ingest([corpus])

    def no_reading(*args: object) -> object:
        raise AssertionError("an unchanged re-ingest read a stored document")

    monkeypatch.setattr(build_module, "read_doc", no_reading)
    report = builder.ingest([corpus])
    assert not report.published and report.embedded == 0 and set(report.phases) == {"scan", "gc"}
    monkeypatch.undo()
    lost = next(iter(stored_ids(index)))
    generation = current_generation(index)
    assert generation is not None
    space.reader(generation).delete_except(set(stored_ids(index)) - {lost})  # a vector went missing
    again = IndexBuilder(index, embedder, space, progress=False).ingest([corpus])
    assert again.embedded == 1 and again.published  # a new generation with the vector restored


def stored_ids(index: Path) -> list[str]:
    """Chunk ids of the active generation."""
    from assistant.indexing.reader import IndexReader

    return [c.chunk_id for s in IndexReader(index).docs.values() for c in s.chunks]


def test_duplicate_chunk_ids_are_embedded_once(tmp_path: Path) -> None:
    """Two files of one law share content-addressed chunk ids; a batch must not carry an id twice."""
    embedder = HashEmbedder()
    store = open_store(tmp_path / "index", embedder.fingerprint)
    chunk = Chunk("c_same", "d1", "第一条 文本", "某法", "某法", "法律", "", "", "第一条", 1)
    queue = embed_sync.EmbedQueue(embedder, store)
    queue.add([chunk, chunk])
    queue.add([chunk])
    assert queue.close() == 1 and store.count() == 1
