"""A running app (embedded Chroma) and a command-line ingest in another process share one index folder:
the app keeps answering from its generation and, after the publish, answers from the new one with the
new document's vectors (copy-on-write vector folders, assistant/indexing/vector_space.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from scale_fixtures import copy_spine

from assistant.answering.service import Assistant
from assistant.config import load_settings

NEW_DOC = ("# 天文台观测规程\n\n<!-- INFO END -->\n\n第一条 天文台应当每晚记录彗星的轨道数据。\n\n"
           "第二条 观测记录保存十年。\n")


@pytest.mark.slow
def test_app_sees_a_cli_ingest_after_publish(tmp_path: Path) -> None:
    corpus, index = copy_spine(tmp_path / "corpus"), tmp_path / "index"
    settings = load_settings(index={"dir": str(index)}, embedder={"name": "static"})
    app = Assistant(settings)
    app.ingest([corpus], progress=False)
    before = app.ask("邻居漏水纠纷找谁调解")
    assert before.found
    served = app.searcher().reader.generation

    (corpus / "天文台观测规程.md").write_text(NEW_DOC, encoding="utf-8")
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(index), "ASSISTANT_EMBEDDER_NAME": "static"}
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(corpus), "--quiet"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (index / "vectors" / served.name).is_dir()  # the app's folder was copied, not written

    answer = app.ask("彗星的轨道数据由谁记录")
    assert answer.found and answer.citations[0].short_title.startswith("天文台观测规程")
    searcher = app.searcher()
    assert searcher.reader.generation != served
    vector = searcher.source.embed("天文台每晚记录彗星轨道")
    assert vector is not None
    chunks = searcher.reader.chunks
    nearest = {chunks[i].doc_id for i, _ in searcher.store.query(vector, 3) if i in chunks}
    assert any(searcher.reader.docs[d].document.title == "天文台观测规程" for d in nearest)  # dense sees it too
    assert app.ask("邻居漏水纠纷找谁调解").citations[0].article == before.citations[0].article
