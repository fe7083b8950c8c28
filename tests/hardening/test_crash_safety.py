"""SIGKILL an ingest at random points (≥ 20 runs): the previous index keeps answering, a new ingest completes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.answering.service import Assistant

DATA = Path(__file__).resolve().parents[1] / "data" / "spine"
QUESTIONS = ["邻居漏水纠纷找谁调解", "示例社区服务条例第四条", "经济困难付不起服务费怎么办"]
RUNS = int(os.environ.get("CRASH_RUNS", "20"))


def answers(index: Path) -> list[tuple[bool, str, str]]:
    """Found flag and top citation per question (scores shift as BM25 statistics change; answers must not)."""
    bot = Assistant(index_dir=index)
    out = []
    for q in QUESTIONS:
        a = bot.ask(q)
        top = a.citations[0]
        assert top.text == bot.show(top.short_title, top.article, top.version).text
        out.append((a.found, top.short_title, top.article))
    return out


def extra_doc(folder: Path, n: int) -> None:
    """A new, unrelated document per run so every ingest has work to do (parse, embed, publish, GC)."""
    body = "\n\n".join(
        f"第{c}条 第{n}号天文观测站应当记录第{i}颗彗星的轨道数据。" for i, c in enumerate("一二三四五六", 1)
    )
    (folder / f"天文观测规程{n}.md").write_text(f"# 天文观测规程{n}\n\n<!-- INFO END -->\n\n{body}\n", encoding="utf-8")


@pytest.mark.slow
def test_sigkill_during_ingest_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the slower USE embedder widens the window in which a kill lands mid-ingest (parse, embed, publish, GC)
    monkeypatch.setenv("ASSISTANT_EMBEDDER_NAME", "use")
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(DATA, corpus)
    Assistant(index_dir=index).ingest([corpus], progress=False)
    baseline = answers(index)
    rng = random.Random(20261127)
    killed = 0
    for run in range(RUNS):
        extra_doc(corpus, run)
        proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", str(corpus), "--index", str(index),
                                 "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 9.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        assert answers(index) == baseline, f"run {run}: answers changed after SIGKILL"
    assert killed >= RUNS // 2, f"only {killed} of {RUNS} runs were killed mid-ingest"
    report = Assistant(index_dir=index).ingest([corpus], progress=False)
    assert not report.failed and report.documents == 3 + RUNS
    assert answers(index) == baseline
