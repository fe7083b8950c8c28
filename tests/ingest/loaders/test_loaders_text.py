"""TXT and Markdown loaders: strict encoding detection, BOM/CR removal, line clean-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import LoaderError
from assistant.ingest.loaders.base import load_file
from assistant.ingest.loaders.encoding import UndecodableError, decode_bytes, looks_like_text

DATA = Path(__file__).resolve().parents[2] / "data" / "loaders"
EXPECTED_START = [
    "示例社区调解办法",
    "（2024年3月1日示例社区居民代表会议通过　2024年6月1日示例社区居民代表会议修订）",
    "第一章　总　则",
    "第一条　为了规范示例社区的调解工作，及时化解邻里纠纷，维护社区和谐稳定，制定本办法。",
]


@pytest.mark.parametrize(("name", "encoding"), [
    ("sample_utf8.txt", "utf-8"),
    ("sample_gb18030.txt", "gb18030"),
    ("sample_utf8_bom_crlf.txt", "utf-8-sig"),
    ("sample_utf16.txt", "utf-16-le"),
    ("sample_utf16le_nobom.txt", "utf-16-le"),
])
def test_encodings_decode_to_the_same_text(name, encoding):
    source = load_file(DATA / name)
    assert source.format == "txt"
    assert source.get("encoding") == encoding
    assert "\r" not in source.text and "\ufeff" not in source.text
    assert "\n\n\n" not in source.text
    lines = [line for line in source.text.split("\n") if line]
    assert lines[:4] == EXPECTED_START  # full-width indentation stripped, 　 inside kept
    assert lines == [line for line in load_file(DATA / "sample_utf8.txt").text.split("\n") if line]
    assert sum(line.startswith("第") and "条　" in line[:6] for line in lines) == 5


def test_random_bytes_are_rejected():
    with pytest.raises(LoaderError) as info:
        load_file(DATA / "bad" / "random.txt")
    assert info.value.message == "无法识别的编码或二进制文件"
    assert "UTF-8" in info.value.hint


def test_whitespace_only_text(tmp_path):
    target = tmp_path / "blank.txt"
    target.write_text(" \n\u3000\n\t\n", encoding="utf-8")
    with pytest.raises(LoaderError, match="没有文字内容"):
        load_file(target)


def test_utf8_read_as_gb18030_is_not_accepted():
    text = "中华人民共和国法律援助法第一条为了规范和促进法律援助工作" * 3
    mojibake = text.encode("utf-8").decode("gb18030")  # 涓崕浜烘皯… decodes "fine"
    assert not looks_like_text(mojibake, strict_hanzi=True)
    assert looks_like_text(text, strict_hanzi=True)
    broken = text.encode("utf-8")[:-1] + b"\xff"
    with pytest.raises(UndecodableError):
        decode_bytes(broken)


def test_latin1_and_gbk_detection():
    assert decode_bytes("第一条　公民的合法权益受法律保护。".encode("gbk"))[1] == "gb18030"
    assert decode_bytes(b"plain ascii\n")[1] == "utf-8"
    with pytest.raises(UndecodableError):
        decode_bytes(("Le café était très bon, déjà vu. " * 10).encode("latin-1"))


def test_utf16_big_endian_without_bom():
    text, encoding = decode_bytes("第一条　示例。\r\nArticle 1.\r\n".encode("utf-16-be"))
    assert encoding == "utf-16-be" and text.startswith("第一条")


def test_markdown_passes_through():
    source = load_file(DATA / "sample.md")
    assert source.format == "md"
    assert source.get("title") == "示例社区调解办法"
    assert source.text.startswith("# 示例社区调解办法\n\n")  # BOM removed
    assert "\r" not in source.text
    assert "<!-- INFO END -->" in source.text
    assert "\n## 第一章　总　则\n" in source.text
    assert "\n第一条 为了规范示例社区的调解工作" in source.text
