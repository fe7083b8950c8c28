"""Fixtures for answering tests: one small index per session, a scripted OpenAI-compatible server."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes.openai_server import ScriptedServer

from assistant.answering.conversation import SessionStore
from assistant.answering.service import Assistant
from assistant.config import load_settings

DATA = Path(__file__).resolve().parents[1] / "data" / "answering"
LLM_TIMEOUT = 1.0


@pytest.fixture(scope="session")
def base_bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """An extractive Assistant over tests/data/answering (built once; embedder shared by copies)."""
    index_dir = tmp_path_factory.mktemp("answer-index")
    bot = Assistant(settings=load_settings(llm={"base_url": ""}), index_dir=index_dir)
    report = bot.ingest([DATA], progress=False)
    assert not report.failed, [(r.path, r.message) for r in report.failed]
    bot.searcher()
    return bot


def variant(base: Assistant, **llm: object) -> Assistant:
    """A copy of ``base`` sharing its embedder and stores, with its own LLM settings and sessions."""
    bot = copy.copy(base)
    bot.settings = base.settings.model_copy(update={"llm": load_settings(llm=llm).llm})
    bot.sessions = SessionStore()
    return bot


@pytest.fixture
def bot(base_bot: Assistant) -> Assistant:
    """Extractive (no LLM configured)."""
    return variant(base_bot, base_url="")


@pytest.fixture(scope="session")
def llm_server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


@pytest.fixture
def server(llm_server: ScriptedServer) -> Iterator[ScriptedServer]:
    llm_server.reset()
    yield llm_server
    llm_server.reset()


@pytest.fixture
def llm_bot(base_bot: Assistant, server: ScriptedServer) -> Assistant:
    """Generative, against the scripted server, with a short timeout."""
    return variant(base_bot, base_url=server.base_url, model="scripted", timeout=LLM_TIMEOUT)
