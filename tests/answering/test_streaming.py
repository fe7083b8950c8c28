"""The stream protocol helpers."""

from __future__ import annotations

import pytest

from assistant.answering.streaming import final, pieces, stream_answer, with_notice
from assistant.types import Answer

TEXT = "根据已载入的文件，相关规定如下：\n\n[1] 《社区法律援助法》第三条：\n" + "居民可以申请法律援助。" * 6


def test_pieces_rejoin_to_the_text_and_are_small():
    parts = list(pieces(TEXT, 16))
    assert "".join(parts) == TEXT and len(parts) > 3 and max(map(len, parts)) <= 16


def test_pieces_of_empty_text():
    assert list(pieces("")) == []


def test_stream_answer_ends_with_the_answer():
    answer = Answer("q", True, TEXT)
    items = list(stream_answer(answer))
    assert items[-1] is answer and "".join(items[:-1]) == TEXT
    assert final(items) is answer


def test_final_requires_an_answer():
    with pytest.raises(RuntimeError):
        final(["a", "b"])


def test_with_notice_goes_first():
    answer = with_notice(Answer("q", True, "t", notices=("b",)), "a")
    assert answer.notices == ("a", "b")
