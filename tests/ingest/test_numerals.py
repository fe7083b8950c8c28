"""Chinese numerals for article numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.ingest.numerals import article_label, cn_to_int, int_to_cn, parse_article_label


@given(st.integers(min_value=1, max_value=9999))
def test_round_trip(number):
    assert cn_to_int(int_to_cn(number)) == number


def test_round_trip_every_article_number_below_1000():
    assert [cn_to_int(int_to_cn(n)) for n in range(1, 1000)] == list(range(1, 1000))


@pytest.mark.parametrize(("number", "text"), [
    (1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (101, "一百零一"), (110, "一百一十"),
    (128, "一百二十八"), (308, "三百零八"), (1000, "一千"), (1005, "一千零五"),
])
def test_statute_forms(number, text):
    assert int_to_cn(number) == text
    assert cn_to_int(text) == number


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["", " ", "　", "  "]),
       st.sampled_from(["", " ", "　"]))
def test_parse_article_label_tolerates_spaces(number, before, inside):
    label = f"{before}第{inside}{int_to_cn(number)}{inside}条{before}"
    assert parse_article_label(label) == number
    assert parse_article_label(article_label(number)) == number


def test_parse_article_label_malformed_and_arabic():
    assert parse_article_label("第一百二十八 条") == 128
    assert parse_article_label("第128条") == 128
    assert article_label(128) == "第一百二十八条"


@pytest.mark.parametrize("bad", ["第条", "一百条", "第X条", "第一百二十八", ""])
def test_parse_article_label_rejects(bad):
    with pytest.raises(ValueError):
        parse_article_label(bad)


@pytest.mark.parametrize("bad", [0, 10000, -3])
def test_int_to_cn_range(bad):
    with pytest.raises(ValueError):
        int_to_cn(bad)
