"""Fixtures for the UI tests: one tiny index per session (made-up regulations), copies for writers."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.answering.service import Assistant
from assistant.config import load_settings
from assistant.study.service import StudyService

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "ui"
SOURCES = [
    FIXTURES / "中华人民共和国模拟法律援助法(2021-08-20).md",
    FIXTURES / "中华人民共和国模拟法律援助法(2018-01-01).md",
    FIXTURES / "青溪市社区调解示范条例(2023-05-01).md",
]
GOOD_UPLOAD = FIXTURES / "uploads" / "青溪市文明养犬示范规定.txt"


def _settings():  # extractive answers only, whatever the environment says
    return load_settings(llm={"base_url": ""})


@pytest.fixture(scope="session")
def good_upload() -> Path:
    """A small valid regulation (.txt) for upload tests."""
    return GOOD_UPLOAD


@pytest.fixture(scope="session")
def base_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture regulations indexed once per session with the default embedder."""
    index_dir = tmp_path_factory.mktemp("ui-index")
    report = Assistant(_settings(), index_dir=index_dir).ingest(SOURCES, progress=False)
    assert not report.failed, [(r.path, r.message) for r in report.failed]
    return index_dir


@pytest.fixture(scope="session")
def assistant(base_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """A read-only Assistant over the session index (tests must not ingest through it)."""
    data = tmp_path_factory.mktemp("ui-data")  # study progress of apps built on it: never the repo's data/
    return Assistant(load_settings(llm={"base_url": ""}, ui={"data_dir": str(data)}), index_dir=base_index)


@pytest.fixture(scope="session")
def writable(assistant: Assistant, base_index: Path,
             tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Assistant]:
    """Factory: an Assistant over a private copy of the session index, sharing the loaded embedder."""

    def make(name: str) -> Assistant:
        target = tmp_path_factory.mktemp(name) / "index"
        shutil.copytree(base_index, target, ignore=shutil.ignore_patterns(".ingest.lock"))
        settings = load_settings(llm={"base_url": ""}, ui={"data_dir": str(target.parent / "data")})
        copy = Assistant(settings, index_dir=target)  # study progress in its own folder, not the repo's data/
        copy._embedder = assistant.embedder  # the model is loaded once per session
        return copy

    return make


@pytest.fixture
def key_of(assistant: Assistant) -> Callable[[str, str, str], str]:
    """``doc_id|label`` key of an article by short title (and version prefix)."""
    from assistant.ui import browse

    def find(short_title: str, label: str, version: str = "") -> str:
        for doc in browse.documents(assistant):
            if doc.short_title == short_title and doc.version.startswith(version):
                return browse.make_key(doc.doc_id, label)
        raise LookupError(short_title)

    return find


def free_port() -> int:
    """A TCP port that is free right now on 127.0.0.1."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def serve_app() -> Iterator[Callable[..., str]]:
    """Start the app in this process on a free port (non-blocking); every server is closed at the end."""
    from assistant.ui.app import build_app, launch

    started = []

    def start(bot: Assistant, upload_dir: Path, auth: Callable[[str, str], bool] | None = None) -> str:
        demo = build_app(bot, upload_dir, max_mb=5)
        port = free_port()
        launch(demo, "127.0.0.1", port, auth=auth, max_mb=5, block=False)
        started.append(demo)
        return f"http://127.0.0.1:{port}/"

    yield start
    for demo in started:
        demo.close()


@pytest.fixture
def svc(assistant: Assistant, tmp_path: Path) -> StudyService:
    """Study over the session index, progress in a private data dir."""
    base = StudyService.from_assistant(assistant)
    return StudyService(base.documents, tmp_path, reference=base.corpus.documents)
