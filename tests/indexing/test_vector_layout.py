"""Vector folders per generation: an index from before (one shared ``index/chroma/``) keeps answering and moves
to the new layout over its next ingests; old generations' folders are collected."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.answering.service import Assistant
from assistant.config import load_settings
from assistant.indexing.vector_space import active_folder

SPINE = Path(__file__).resolve().parents[1] / "data" / "spine"


def app_for(index: Path) -> Assistant:
    return Assistant(load_settings(index={"dir": str(index)}, embedder={"name": "static"}))


def dense_ids(app: Assistant, text: str) -> list[str]:
    searcher = app.searcher()
    vector = searcher.source.embed(text)
    assert vector is not None and searcher.store is not None
    return [i for i, _ in searcher.store.query(vector, 3)]


def test_legacy_shared_folder_is_read_then_replaced(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(SPINE, corpus)
    app_for(index).ingest([corpus], progress=False)
    shutil.move(index / "vectors" / "gen-000001", index / "chroma")  # the layout before this change
    shutil.rmtree(index / "vectors")
    old = app_for(index)
    assert active_folder(index) == index / "chroma" and dense_ids(old, "邻居漏水纠纷调解")

    (corpus / "新规.md").write_text("# 新规\n\n<!-- INFO END -->\n\n第一条 彗星观测记录保存十年。\n", encoding="utf-8")
    app = app_for(index)
    app.ingest([corpus], progress=False)
    assert active_folder(index) == index / "vectors" / "gen-000002"
    assert (index / "chroma").is_dir()  # still the grace generation's vectors
    assert any(app.searcher().reader.chunks[i].short_title == "新规" for i in dense_ids(app, "彗星观测记录"))

    (corpus / "新规.md").unlink()
    app.ingest([corpus], progress=False)
    assert not (index / "chroma").exists()
    assert sorted(p.name for p in (index / "vectors").iterdir()) == ["gen-000002", "gen-000003"]
