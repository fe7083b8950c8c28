"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The shared corpus folder beside the repository (``../shared/corpus``), or skip."""
    root = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    if not root.is_dir():
        pytest.skip("../shared/corpus not present: real-corpus tests need the shared folder beside the repo")
    return root


@pytest.fixture(scope="session")
def study_index(shared_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of ``../shared/corpus/study`` built once per test session (default embedder)."""
    from assistant.answering.service import Assistant

    index_dir = tmp_path_factory.mktemp("study-index")
    report = Assistant(index_dir=index_dir).ingest([shared_corpus / "study"], progress=False)
    assert not report.failed, [(r.path, r.message) for r in report.failed]
    return index_dir
