"""Study fixtures: two small made-up regulations (tests/data/study) and, when present, the study corpus."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from assistant.ingest.structure import parse_document
from assistant.study.service import StudyService
from assistant.types import Document

DATA = Path(__file__).resolve().parents[1] / "data" / "study"


def load_documents(paths: list[Path]) -> list[Document]:
    """Parse files with the ingest pipeline's loader and structure parser."""
    try:
        from assistant.ingest.loaders.base import load_file
    except ImportError:  # a colleague's loader module may be mid-change; markdown is all we need
        from assistant.ingest.loaders.markdown import MarkdownLoader

        load_file = MarkdownLoader().load  # type: ignore[assignment]
    return [parse_document(load_file(p), sha256=hashlib.sha256(p.read_bytes()).hexdigest()) for p in paths]


@pytest.fixture(scope="session")
def docs() -> list[Document]:
    """示范市社区法律服务条例 (15 条, 3 章) and 示范调解员管理办法 (8 条, 2 章)."""
    return load_documents(sorted(DATA.glob("*.md")))


@pytest.fixture(scope="session")
def study_docs(shared_corpus: Path) -> list[Document]:
    """The .md laws of the shared study corpus (skips when ../shared is absent)."""
    files = sorted((shared_corpus / "study").glob("*.md"))
    if not files:
        pytest.skip("no .md files in ../shared/corpus/study")
    return load_documents(files)


@pytest.fixture
def service(docs: list[Document], tmp_path: Path) -> StudyService:
    """A study service over the fixture documents with its database in a temporary folder."""
    return StudyService(docs, tmp_path / "data")
