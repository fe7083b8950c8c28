"""Fixtures: one tiny index per session (built from tests/data/retrieval in about a second)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_index import build, searcher

from assistant.retrieval.search import Searcher


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built fixture index."""
    return build(tmp_path_factory.mktemp("retrieval-index"))


@pytest.fixture(scope="session")
def tiny_searcher(tiny_index: Path) -> Searcher:
    """A Searcher over the fixture index with default settings."""
    return searcher(tiny_index)
