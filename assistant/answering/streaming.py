"""Streaming protocol shared by every answer path.

A stream is an iterator of ``str | Answer``: zero or more text pieces, then exactly one final
:class:`Answer`, always last. The pieces are a preview for the UI; the final Answer is
authoritative (verification may have removed a citation, or a fallback may have replaced the
text), so a UI should re-render ``answer.text`` with its citations and notices at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from assistant.types import Answer

StreamItem = str | Answer
PIECE = 24
_BREAK = re.compile(r"(?<=[。；：，！？\n])")


def pieces(text: str, size: int = PIECE) -> Iterator[str]:
    """Split ``text`` into pieces of about ``size`` characters, preferably after punctuation."""
    buffer = ""
    for part in _BREAK.split(text):
        while len(part) > size:
            if buffer:
                yield buffer
                buffer = ""
            yield part[:size]
            part = part[size:]
        if len(buffer) + len(part) > size and buffer:
            yield buffer
            buffer = ""
        buffer += part
    if buffer:
        yield buffer


def stream_answer(answer: Answer) -> Iterator[StreamItem]:
    """A finished answer as a stream: its text in pieces, then the answer itself."""
    yield from pieces(answer.text)
    yield answer


def final(stream: Iterable[StreamItem]) -> Answer:
    """Consume a stream and return its final Answer."""
    last: Answer | None = None
    for item in stream:
        if isinstance(item, Answer):
            last = item
    if last is None:
        raise RuntimeError("answer stream ended without an Answer")
    return last


def with_notice(answer: Answer, notice: str) -> Answer:
    """``answer`` with one more notice (first in the list)."""
    return replace(answer, notices=(notice, *answer.notices))
