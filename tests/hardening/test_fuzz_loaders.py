"""Fuzzing the loaders: random and mutated files of every format.

For any bytes under any supported suffix, ``load_file`` either returns text or raises an
AssistantError (LoaderError) with a message and a hint — never another exception, never a hang.
Text that loads is parsed: only StructureError may escape, no body text is lost and chunk ids are
unique.
"""

from __future__ import annotations

import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hostile import _FONT, _catalog_pages, _page, docx_paragraphs, raw_pdf, stream, write_docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import CODECS, LINES, examples, html_pages, mutate
from test_fuzz_parser import assert_chunks_sound, assert_no_text_lost

from assistant.errors import AssistantError, StructureError
from assistant.ingest.loaders.base import load_file
from assistant.ingest.structure import parse_document

DATA = Path(__file__).resolve().parents[1] / "data" / "loaders"
SAMPLE_PDF = (DATA / "sample.pdf").read_bytes()
SAMPLE_DOCX = (DATA / "sample.docx").read_bytes()
ASCII_PDF = raw_pdf(_catalog_pages(b"3 0 R", 1) | {3: _page(4), 4: stream(b"BT /F1 12 Tf 72 720 Td (Hi) Tj ET"),
                                                 9: _FONT})


@pytest.fixture(scope="session")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _docx(text: str, folder: Path) -> bytes:
    path = folder / "base.docx"
    write_docx(path, docx_paragraphs(escape(line) for line in text.split("\n")))
    return path.read_bytes()


@st.composite
def payloads(draw: st.DrawFn, folder: Path) -> tuple[str, bytes]:
    """(suffix, bytes): random bytes, or a well-formed file of that format, maybe mutated."""
    suffix = draw(st.sampled_from([".txt", ".md", ".html", ".docx", ".pdf"]))
    if draw(st.integers(0, 4)) == 0:
        return suffix, draw(st.binary(max_size=4096))
    text = draw(LINES)
    if suffix in (".txt", ".md"):
        data = text.encode(draw(CODECS), errors="ignore")
    elif suffix == ".html":
        data = draw(html_pages()).encode(draw(st.sampled_from(["utf-8", "gb18030"])), errors="ignore")
    elif suffix == ".docx":
        data = draw(st.sampled_from([SAMPLE_DOCX, b""])) or _docx(text, folder)
    else:
        data = draw(st.sampled_from([SAMPLE_PDF, ASCII_PDF]))
    edits = draw(st.integers(0, 6))
    return suffix, mutate(data, draw(st.integers(0, 2**32)), edits) if edits else data


def check_file(path: Path) -> None:
    start = time.perf_counter()
    try:
        source = load_file(path)
    except AssistantError as exc:
        assert exc.message and exc.hint and exc.path == str(path), exc
        return
    assert source.text.strip()
    try:
        doc = parse_document(source, sha256="0" * 64)
    except StructureError as exc:
        assert exc.message and exc.hint
        return
    assert_no_text_lost(source.text, doc)
    assert_chunks_sound(doc, 1200)
    assert time.perf_counter() - start < 10


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_loaders_only_raise_assistant_errors(data: st.DataObject, fuzz_dir: Path):
    suffix, payload = data.draw(payloads(fuzz_dir))
    path = fuzz_dir / f"fuzz{suffix}"
    path.write_bytes(payload)
    check_file(path)
