"""`kill <pid>` (SIGTERM, e.g. a service stop) ends an ingest like Ctrl-C: exit 130, a clear message, nothing
half-built published, and the next run completes. (That vectors written before an interruption are kept is
checked exactly in tests/scale/test_resume.py.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "spine"


@pytest.mark.slow
def test_sigterm_stops_the_ingest_cleanly(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for n in range(12):  # enough chunks that the slow USE embedder is still at work when the signal comes
        body = "\n\n".join(f"第{c}条 第{n}号气象站应当在{c}时记录降水量和风速。" for c in "一二三四五六七八九十")
        (corpus / f"气象记录办法{n}.md").write_text(f"# 气象记录办法{n}\n\n<!-- INFO END -->\n\n{body}\n",
                                                 encoding="utf-8")
    env = {**os.environ, "ASSISTANT_EMBEDDER_NAME": "use", "ASSISTANT_INDEX_DIR": str(index)}
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", str(corpus), "--quiet"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    staging = index / "vectors" / "gen-000001"
    deadline = time.monotonic() + 120
    while not (staging / "chroma.sqlite3").exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # into the embedding (the USE model takes seconds to load)
    assert proc.poll() is None, "the ingest ended before embedding began"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "入库已中断" in err
    assert not (index / "CURRENT").exists()  # nothing half-built was published
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(corpus), "--quiet"], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert (index / "CURRENT").is_file() and "12 个文件" in done.stdout
