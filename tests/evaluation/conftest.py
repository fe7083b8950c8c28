"""The tiny retrieval index (tests/retrieval/tiny_index.py), loaded by path."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).parents[1] / "retrieval" / "tiny_index.py"
_SPEC = importlib.util.spec_from_file_location("tiny_index_eval", _PATH)
assert _SPEC and _SPEC.loader
tiny = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(tiny)


@pytest.fixture(scope="session")
def eval_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built fixture index for the evaluator."""
    return tiny.build(tmp_path_factory.mktemp("eval-index"))


@pytest.fixture(scope="session")
def bigram_embedder_class() -> type:
    """The fixture index's embedder class."""
    return tiny.BigramEmbedder  # type: ignore[no-any-return]
