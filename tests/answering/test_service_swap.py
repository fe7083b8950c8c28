"""A generation published by another process is loaded in the background; questions meanwhile are answered
from the previous generation, never from half of one."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import assistant.answering.service as service
from assistant.answering.service import Assistant
from assistant.config import load_settings
from assistant.errors import IndexStoreError

SPINE = Path(__file__).resolve().parents[1] / "data" / "spine"
NEW = "# 天文台观测规程\n\n<!-- INFO END -->\n\n第一条 天文台应当每晚记录彗星的轨道数据。\n"


def app_for(index: Path, embedder: str = "static") -> Assistant:
    return Assistant(load_settings(index={"dir": str(index)}, embedder={"name": embedder}))


def test_old_searcher_answers_until_the_new_one_is_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for f in SPINE.iterdir():
        (corpus / f.name).write_bytes(f.read_bytes())
    app = app_for(index)
    app.ingest([corpus], progress=False)
    old = app.searcher()
    gate = threading.Event()
    load = app._load

    def slow_load() -> object:
        gate.wait(30)  # a big library takes a while to load
        return load()

    monkeypatch.setattr(app, "_load", slow_load)
    monkeypatch.setattr(service, "SWAP_WAIT", 0.05)
    (corpus / "天文台观测规程.md").write_text(NEW, encoding="utf-8")
    app_for(index).ingest([corpus], progress=False)  # "another process" publishes

    assert app.searcher() is old  # still loading: the previous generation answers
    assert not app.ask("彗星的轨道数据由谁记录").found
    gate.set()
    assert app._pending is not None and app._pending.wait(30)
    new = app.searcher()
    assert new is not old and new.reader.generation != old.reader.generation
    assert app.ask("彗星的轨道数据由谁记录").found


def one_law_app(tmp_path: Path) -> tuple[Assistant, Path, Path]:
    """An app over an index of one small law (and the corpus and index folders)."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.md").write_text(NEW, encoding="utf-8")
    app = app_for(index)
    app.ingest([corpus], progress=False)
    return app, corpus, index


def test_in_process_ingest_swaps_before_returning(tmp_path: Path) -> None:
    app, corpus, _ = one_law_app(tmp_path)
    before = app.searcher()
    (corpus / "b.md").write_text(NEW.replace("天文台观测规程", "气象站观测规程").replace("彗星的轨道", "降水量"),
                                 encoding="utf-8")
    app.ingest([corpus], progress=False)
    assert app.searcher() is not before and app.ask("降水量由谁记录").found


def test_a_load_error_reaches_the_question(tmp_path: Path) -> None:
    app, corpus, index = one_law_app(tmp_path)
    app.searcher()
    (corpus / "b.md").write_text(NEW.replace("天文台", "气象台"), encoding="utf-8")
    app_for(index, embedder="use").ingest([corpus], progress=False)  # rebuilt with another embedder
    with pytest.raises(IndexStoreError, match="嵌入模型"):
        app.searcher()
