"""The chat model (langchain-openai ChatOpenAI against any OpenAI-compatible endpoint) and its failures."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from langchain_openai import ChatOpenAI

from assistant.answering.prompts import rewrite_messages
from assistant.config import LLMSettings

MAX_RETRIES = 1
REWRITE_LIMIT = 120
TOTAL_FACTOR = 10  # a whole answer may take at most this many timeouts


class LLMFailure(Exception):
    """The endpoint failed; ``reason`` is a short Chinese description for the notice."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def configured(settings: LLMSettings) -> bool:
    """True when an endpoint is configured (otherwise answers are extractive)."""
    return bool(settings.base_url.strip())


def chat_model(settings: LLMSettings, streaming: bool = True) -> ChatOpenAI:
    """A ChatOpenAI client with a small timeout and few retries."""
    return ChatOpenAI(
        model=settings.model or "default", base_url=settings.base_url.rstrip("/"),
        api_key=settings.api_key or "not-needed",  # type: ignore[arg-type]
        timeout=settings.timeout, max_retries=MAX_RETRIES, temperature=settings.temperature,
        streaming=streaming,
    )


def reason(exc: BaseException) -> str:
    """Why the endpoint failed, in words a user understands."""
    name = type(exc).__name__
    status = getattr(exc, "status_code", None)
    if isinstance(exc, LLMFailure):
        return exc.reason
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return "请求超时"
    if status:
        return f"服务返回 HTTP {status}"
    if "Connection" in name or isinstance(exc, ConnectionError):
        return "无法连接"
    return f"调用失败：{name}"


def stream_text(model: ChatOpenAI, messages: Sequence[tuple[str, str]], timeout: float) -> Iterator[str]:
    """Text pieces from the model; any failure (or a stalled, endless stream) raises LLMFailure."""
    deadline = time.monotonic() + max(timeout, 1.0) * TOTAL_FACTOR
    try:
        for chunk in model.stream(list(messages)):
            piece = chunk.content if isinstance(chunk.content, str) else ""
            if piece:
                yield piece
            if time.monotonic() > deadline:
                raise LLMFailure("生成时间过长")
    except LLMFailure:
        raise
    except Exception as exc:  # any transport, HTTP or parsing failure becomes a notice
        raise LLMFailure(reason(exc)) from exc


def rewrite_query(settings: LLMSettings, question: str, history: Sequence[tuple[str, str]],
                  hint: str) -> str:
    """A standalone question written by the model ('' if the reply is unusable); LLMFailure on failure."""
    model = chat_model(settings, streaming=False)
    try:
        reply = model.invoke(rewrite_messages(question, history, hint))
    except Exception as exc:  # see stream_text
        raise LLMFailure(reason(exc)) from exc
    text = reply.content.strip() if isinstance(reply.content, str) else ""
    text = text.splitlines()[0].strip().removeprefix("改写后的问题：").strip() if text else ""
    return text if len(text) <= REWRITE_LIMIT else ""
