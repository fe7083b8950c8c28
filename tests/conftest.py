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
