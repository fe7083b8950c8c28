"""Integration against a real ``chroma run`` server on 127.0.0.1: index, query, restart, query again."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.answering.service import Assistant
from assistant.config import load_settings

DATA = Path(__file__).resolve().parents[1] / "data" / "spine"
CHROMA = shutil.which("chroma") or str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ChromaServer:
    def __init__(self, path: Path, port: int) -> None:
        self.path, self.port = path, port
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [CHROMA, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=1)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        pytest.fail("chroma run did not start within 60 s")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
            self.proc = None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ChromaServer]:
    if not Path(CHROMA).exists():
        pytest.skip("the `chroma` CLI (shipped with chromadb) is not installed")
    srv = ChromaServer(tmp_path / "chroma-server", _free_port())
    srv.start()
    yield srv
    srv.stop()


def test_index_query_restart_query(server: ChromaServer, tmp_path: Path) -> None:
    settings = load_settings(index={"dir": str(tmp_path / "shared-data"),
                                    "chroma_url": f"http://127.0.0.1:{server.port}"})
    bot = Assistant(settings)
    report = bot.ingest([DATA], progress=False)
    assert report.embedded == report.chunks > 0
    assert not (tmp_path / "shared-data" / "chroma").exists()  # vectors live on the server
    first = bot.ask("邻居漏水纠纷找谁调解").to_json()
    assert first["found"] and first["citations"][0]["short_title"] == "示例邻里调解办法"
    server.stop()
    server.start()
    again = Assistant(settings).ask("邻居漏水纠纷找谁调解").to_json()
    assert again == first
    assert Assistant(settings).ingest([DATA], progress=False).embedded == 0
