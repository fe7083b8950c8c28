"""PDF loader: header/footer/page-number removal, paragraph rejoining, bad PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.errors import LoaderError
from assistant.ingest.loaders.base import load_file
from assistant.ingest.loaders.pdf_layout import Line
from assistant.ingest.loaders.pdf_reflow import PAGE_NUMBER, reflow, strip_furniture

DATA = Path(__file__).resolve().parents[2] / "data" / "loaders"


@pytest.mark.parametrize("name", ["sample.pdf", "sample_block.pdf"])
def test_sample_pdf_matches_the_text_version(name):
    """Indented layout (header from page 2, "— N —") and block layout (header on every page,
    "第 N 页 共 2 页", spacing between paragraphs): 第四条 is split across the two pages and one
    of its wrapped lines starts with the cross-reference "第三条规定的…"."""
    source = load_file(DATA / name)
    assert source.format == "pdf"
    assert source.text == load_file(DATA / "sample_utf8.txt").text
    assert source.get("title") == "示例社区调解办法"
    assert not re.search(r"^(?:— \d+ —|第 \d+ 页.*)$", source.text, re.MULTILINE)


@pytest.mark.parametrize(("name", "message", "hint_word"), [
    ("truncated.pdf", "PDF 已损坏或不完整（可能下载中断）", "重新下载"),
    ("encrypted.pdf", "PDF 已加密，需要密码", "请提供密码或未加密的副本"),
    ("no_text.pdf", "PDF 没有文字层（扫描件），需要 OCR，当前版本暂不支持", "OCR"),
    ("not_really.pdf", "不是有效的 PDF 文件", "PDF"),
])
def test_bad_pdf(name, message, hint_word):
    with pytest.raises(LoaderError) as info:
        load_file(DATA / "bad" / name)
    assert info.value.message.startswith(message)
    assert hint_word in info.value.hint
    assert info.value.path.endswith(name)


def test_corrupt_body_is_rejected_whole(tmp_path):
    data = (DATA / "sample.pdf").read_bytes()
    middle = len(data) // 2
    target = tmp_path / "garbled.pdf"
    target.write_bytes(data[:200] + b"\x00garbage" * 40 + data[middle:])
    with pytest.raises(LoaderError, match="PDF 已损坏或不完整"):
        load_file(target)


def _line(text: str, x: float, y: float, page: int = 0, chars: float | None = None) -> Line:
    width = (chars if chars is not None else len(text)) * 16
    return Line(page, x, x + width, y, 16.0, text)


def test_reflow_rules():
    full = "〇" * 25
    lines = [
        _line("标题", 250, 800),
        _line("第一条　" + full[:21], 112, 760),  # indented first line, full
        _line(full[:27], 80, 732),  # continuation, full
        _line("第二条规定的情形除外。", 80, 704),  # reference at line start: same paragraph
        _line("第二条　" + full[:20] + "完。", 112, 676),  # a paragraph that exactly fills its line
        _line("第三款另起一段，与上一行同样缩进。" + full[:8], 112, 648),  # new paragraph (prev ends with 。)
        _line(full[:27], 80, 620),
        _line("跨页", 80, 780, page=1),  # rejoined across the page break
    ]
    assert reflow(lines) == [
        "标题",
        "第一条　" + full[:21] + full[:27] + "第二条规定的情形除外。",
        "第二条　" + full[:20] + "完。",
        "第三款另起一段，与上一行同样缩进。" + full[:8] + full[:27] + "跨页",
    ]


def test_furniture_detection():
    pages = [
        [_line("示例办法", 250, 800), _line("正文一", 112, 700), _line("— 1 —", 280, 50)],
        [_line("示例办法", 260, 790), _line("正文二", 80, 700), _line("- 2 -", 280, 50)],
        [_line("示例办法", 260, 790), _line("正文三", 80, 700), _line("第3页 共3页", 280, 50)],
    ]
    kept = [line.text for line in strip_furniture(pages, ["示例办法"])]
    assert kept == ["示例办法", "正文一", "正文二", "正文三"]
    for text in ("— 12 —", "-3-", "第 4 页", "5 / 20", "Page 2 of 9", "ii"):
        assert PAGE_NUMBER.match(text), text
    for text in ("第一条", "2021年", "（一）"):
        assert not PAGE_NUMBER.match(text), text
