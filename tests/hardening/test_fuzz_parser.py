"""Fuzzing the structure parser and chunker with generated legal-looking and hostile text.

Properties, for any text: ``parse_document`` returns a Document or raises StructureError (nothing
else); no body character is lost; chunk ids are unique; every provision's text survives chunking.
"""

from __future__ import annotations

import re
import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies import LINES, examples

from assistant.errors import StructureError
from assistant.ingest.chunking import chunk_document
from assistant.ingest.lines import compact, is_comment, split_lines, strip_markdown
from assistant.ingest.metadata import split_header
from assistant.ingest.numerals import CN_NUMBER, article_label, cn_to_int
from assistant.ingest.outline import skip_toc
from assistant.ingest.structure import parse_document
from assistant.types import Document, SourceText


def parse(text: str, path: str = "fuzz.md") -> Document:
    return parse_document(SourceText(path, text, "md"), sha256="0" * 64)


_LABEL = re.compile(rf"第({CN_NUMBER}|\d+)条")


def _canonical(text: str) -> str:
    """Whitespace removed and every 第X条 written as the parser labels it (第1条 → 第一条)."""
    def label(match: re.Match[str]) -> str:
        number = cn_to_int(match.group(1))
        return article_label(number) if 0 < number < 10000 else match.group(0)

    return _LABEL.sub(label, compact(text))


def assert_no_text_lost(text: str, doc: Document) -> None:
    """Body characters (after title/info/TOC, minus markdown markers and comments) appear in order;
    article labels are compared in their normalised form."""
    header = split_header(split_lines(text))
    body = _canonical("".join(strip_markdown(line) for line in skip_toc(header.body) if not is_comment(line)))
    rendered = _canonical("".join([header.title, *header.info,
                                   *(part for p in doc.provisions for part in (*p.chapter, p.text))]))
    remaining = iter(rendered)
    missing = [char for char in body if char not in remaining]
    assert not missing, f"lost text starting at {missing[:20]}"


def assert_chunks_sound(doc: Document, max_chars: int) -> None:
    chunks = chunk_document(doc, max_chars=max_chars)
    ids = [chunk.chunk_id for chunk in chunks]
    assert len(ids) == len(set(ids)), "duplicate chunk ids"
    assert {chunk.doc_id for chunk in chunks} <= {doc.doc_id}
    by_label: dict[tuple[str, int], list[str]] = {}
    occurrence: dict[str, int] = {}
    for provision in doc.provisions:  # every provision text reappears, in order, in its chunks
        number = occurrence.get(provision.label, 0)
        occurrence[provision.label] = number + 1
        by_label.setdefault((provision.label, number), [])
    seen: dict[str, int] = {}
    for chunk in chunks:
        if chunk.part == 0:
            seen[chunk.article] = seen.get(chunk.article, -1) + 1
        by_label[(chunk.article, seen[chunk.article])].append(chunk.text)
    occurrence.clear()
    for provision in doc.provisions:
        number = occurrence.get(provision.label, 0)
        occurrence[provision.label] = number + 1
        joined = iter(compact("".join(by_label[(provision.label, number)])))
        assert all(char in joined for char in compact(provision.text)), provision.label


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
@example("第一条\n第一条\n第一条")
@example("# 标题\n<!-- INFO END -->\n第一条 内容\n第1条 内容\n第一条之一 内容")
@example("\u3000\u3000第\u3000一\u3000章\u3000总\u3000则\n第一条\u3000" + "很长的条文。" * 400)
@example("目录\n第一章 总则\n第二章 附则\n第一章 总则\n第一条 内容")
def test_parser_never_crashes_loses_text_or_duplicates_ids(text: str):
    start = time.perf_counter()
    try:
        doc = parse(text)
    except StructureError as exc:
        assert exc.message and exc.hint
        return
    assert doc.provisions
    assert_no_text_lost(text, doc)
    for max_chars in (1200, 60):
        assert_chunks_sound(doc, max_chars)
    assert time.perf_counter() - start < 5


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, min_size=1, max_size=5), st.integers(1, 400))
def test_large_generated_documents_stay_fast(parts: list[str], repeat: int):
    text = "\n".join(parts) * repeat
    start = time.perf_counter()
    try:
        doc = parse(text)
    except StructureError:
        return
    chunk_document(doc, max_chars=1200)
    assert time.perf_counter() - start < 5 + len(text) / 50_000
