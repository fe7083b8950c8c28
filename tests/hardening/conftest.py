"""Fixtures for the hostile-file tests: one folder of generated files per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import BY_NAME, make, warm_up


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folder that holds the hostile files; each is generated on first use, then reused."""
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="session")
def hostile_file(hostile_dir: Path):
    """``hostile_file(name)`` → path of that hostile file (skips when a shared-corpus file is missing)."""
    def get(name: str) -> Path:
        path = make(BY_NAME[name], hostile_dir)
        if path is None:
            pytest.skip(f"../shared/corpus/bad/{name} not present")
        return path

    return get


@pytest.fixture(scope="session")
def warm() -> None:
    """Load the pipeline and tokenizer once so forked measuring children start warm."""
    warm_up()


@pytest.fixture(scope="session")
def make_assistant(tmp_path_factory: pytest.TempPathFactory):
    """``make_assistant(index_dir)`` → an Assistant; all of them share one loaded embedder."""
    from assistant.answering.service import Assistant

    shared = Assistant(index_dir=tmp_path_factory.mktemp("embedder")).embedder

    def make(index_dir: Path) -> Assistant:
        bot = Assistant(index_dir=index_dir)
        bot._embedder = shared  # loading the model again would only cost time
        return bot

    return make
