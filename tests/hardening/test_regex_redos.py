"""No regular expression of the ingest code backtracks super-linearly on hostile lines.

Every compiled pattern defined at module level in ``assistant.ingest`` is searched in long
"pumped" strings (runs of spaces, digits, 第, #, dashes… between tricky prefixes and suffixes).
A linear search over 4,000 characters takes well under a millisecond; a quadratic or cubic one
takes a second or more, far above the bound used here.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import assistant.ingest

PUMPS = (" ", "\u3000", "\t", "\n", " \n", "1", "一", "第", "第一", "第1条 ", "中", "。", "#", "# ", "-", "—",
         "（", "（一）", "一、", ".", "<!--", "a", "年", "\u00a0", "_", "|")
PREFIXES = ("", "第", "# ", "<!--")
SUFFIXES = ("x", "\x00")
LENGTH = 4_000
LIMIT = 0.25  # seconds for one search
# Backtracks on long inputs by construction; only ever matched through a length-bounded wrapper.
BOUNDED = {"assistant.ingest.loaders.pdf_reflow.PAGE_NUMBER": "is_page_number() caps input at 40 chars"}


def _patterns() -> list[tuple[str, re.Pattern[str] | re.Pattern[bytes]]]:
    found: dict[int, tuple[str, re.Pattern]] = {}
    for module in pkgutil.walk_packages(assistant.ingest.__path__, "assistant.ingest."):
        loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            if isinstance(value, re.Pattern):
                found.setdefault(id(value), (f"{module.name}.{name}", value))
    return sorted((item for item in found.values() if item[0] not in BOUNDED), key=lambda item: item[0])


PATTERNS = _patterns()


def test_patterns_were_found():
    assert len(PATTERNS) >= 30, [name for name, _ in PATTERNS]


def test_bounded_pattern_wrappers_are_fast():
    from assistant.ingest.loaders.pdf_reflow import is_page_number

    for pump in PUMPS:
        start = time.perf_counter()
        is_page_number("1" + pump * LENGTH + "。")
        assert time.perf_counter() - start < LIMIT, repr(pump)


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_pattern_is_linear_on_pumped_input(name: str, pattern: re.Pattern):
    slowest, worst = 0.0, ""
    for pump in PUMPS:
        body = pump * (LENGTH // len(pump))
        for prefix in PREFIXES:
            for suffix in SUFFIXES:
                text = prefix + body + suffix
                subject = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text
                start = time.perf_counter()
                pattern.search(subject)  # type: ignore[arg-type]
                took = time.perf_counter() - start
                if took > slowest:
                    slowest, worst = took, f"{prefix!r} + {pump!r}×{LENGTH // len(pump)} + {suffix!r}"
    assert slowest < LIMIT, f"{name} took {slowest:.2f}s on {worst}"
