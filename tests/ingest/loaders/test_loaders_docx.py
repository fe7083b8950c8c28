"""DOCX loader: runs joined, headings and tables as lines, headers/footers left out, bad files."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from assistant.errors import LoaderError
from assistant.ingest.loaders.base import load_file
from assistant.ingest.loaders.docx_numbering import format_number

DATA = Path(__file__).resolve().parents[2] / "data" / "loaders"


def test_sample_docx_matches_the_text_version():
    source = load_file(DATA / "sample.docx")
    lines = source.text.split("\n")
    expected = load_file(DATA / "sample_utf8.txt").text.split("\n")
    assert lines[: len(expected)] == expected  # bold article-number runs joined, both heading kinds
    assert lines[len(expected):] == ["附表 调解申请登记表", "联系电话 示例社区服务站"]  # table rows
    assert "— 1 —" not in source.text  # footer
    assert source.text.count("示例社区调解办法") == 1  # header not repeated
    assert source.get("title") == "示例社区调解办法"
    assert source.get("created") == "2024-06-01"


def test_breaks_tables_and_content_controls(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("第一条　第一行")
    paragraph.add_run().add_break()
    paragraph.add_run("第二条　软回车之后")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "第一段"
    cell.add_paragraph("第二段")
    target = tmp_path / "breaks.docx"
    document.save(target)
    assert load_file(target).text.split("\n") == ["第一条　第一行", "第二条　软回车之后", "第一段", "第二段"]


@pytest.mark.parametrize(("name", "message", "hint_word"), [
    ("renamed.docx", "不是有效的 DOCX 文件（不是 ZIP 包）", ".txt"),
    ("old_word.docx", "这是旧版 Word（.doc）或 WPS 文件，不是 DOCX", ".docx"),
    ("zip_not_word.docx", "不是 Word 文档（DOCX）", ".docx"),
])
def test_bad_docx(name, message, hint_word):
    with pytest.raises(LoaderError) as info:
        load_file(DATA / "bad" / name)
    assert info.value.message == message
    assert hint_word in info.value.hint
    assert info.value.path.endswith(name)


def test_docx_without_text(tmp_path):
    target = tmp_path / "blank.docx"
    docx.Document().save(target)
    with pytest.raises(LoaderError, match="没有文字内容"):
        load_file(target)


def test_word_list_numbering_is_rendered():
    """Chapters "第%1章", articles "第%1条" and items "（%2）" numbered by Word, not typed."""
    source = load_file(DATA / "sample_numbered.docx")
    assert source.text == load_file(DATA / "sample_utf8.txt").text


@pytest.mark.parametrize(("number", "fmt", "expected"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"),
    (128, "chineseCountingThousand", "一百二十八"), (3, "decimal", "3"), (27, "upperLetter", "AA"),
    (14, "lowerRoman", "xiv"), (2, "decimalEnclosedCircle", "②"), (5, "somethingNew", "5"),
])
def test_format_number(number, fmt, expected):
    assert format_number(number, fmt) == expected


def test_encrypted_docx_is_reported(tmp_path):
    target = tmp_path / "locked.docx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56 + "EncryptionInfo".encode("utf-16-le")
    target.write_bytes(ole + b"\x00" * 100)
    with pytest.raises(LoaderError, match="DOCX 已加密，需要密码"):
        load_file(target)
