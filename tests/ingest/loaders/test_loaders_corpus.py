"""The loaders over the real shared corpus (../shared/corpus); skipped when it is absent."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from assistant.errors import LoaderError
from assistant.ingest.loaders.base import load_file
from assistant.types import SourceText

ARTICLE = re.compile(r"^第[一二三四五六七八九十百零]+\s*条")
FOOTER = re.compile(r"^[—–\-]\s*\d+\s*[—–\-]$", re.MULTILINE)
WEB_CHROME = ("ICP", "备案", "版权所有", "分享", "上一篇", "下一篇", "您当前的位置", "您现在的位置",
              "相关阅读", "相关文章")
# The real corpus is fixed: its MANIFEST lists 20 laws plus 1 speech.
STUDY_FILES = 21


@cache
def _load(path: Path) -> SourceText:
    return load_file(path)


@pytest.fixture(scope="module")
def manifest(shared_corpus: Path) -> list[dict]:
    return json.loads((shared_corpus / "study" / "MANIFEST.json").read_text(encoding="utf-8"))["files"]


def test_every_study_file_loads_with_the_manifest_article_count(shared_corpus, manifest):
    assert len(manifest) == STUDY_FILES
    measured = {}
    for entry in manifest:
        source = _load(shared_corpus / "study" / entry["file"])
        assert source.format == entry["format"]
        assert "\r" not in source.text and "\ufeff" not in source.text
        measured[entry["file"]] = sum(1 for line in source.text.split("\n") if ARTICLE.match(line))
    assert measured == {entry["file"]: entry["articles"] for entry in manifest}


def test_pdf_headers_and_footers_are_gone(shared_corpus, manifest):
    for entry in (e for e in manifest if e["format"] == "pdf"):
        source = _load(shared_corpus / "study" / entry["file"])
        lines = source.text.split("\n")
        assert not FOOTER.search(source.text), entry["file"]
        assert lines[0] == entry["title"]
        assert lines.count(entry["title"]) == 1, entry["file"]  # running header not repeated
        assert source.get("title") == entry["title"]


def test_docx_and_text_title_comes_first(shared_corpus, manifest):
    for entry in (e for e in manifest if e["format"] in ("docx", "txt", "html") and e["articles"]):
        lines = _load(shared_corpus / "study" / entry["file"]).text.split("\n")
        assert lines[0] == entry["title"], entry["file"]
        assert lines.count(entry["title"]) == 1, entry["file"]


def test_html_has_no_site_chrome(shared_corpus, manifest):
    for entry in (e for e in manifest if e["format"] == "html"):
        source = _load(shared_corpus / "study" / entry["file"])
        for word in WEB_CHROME:
            assert word not in source.text, (entry["file"], word)
        assert source.get("title") == entry["title"]
        assert source.text.split("\n")[-1].startswith(("第八十四条", "第七十七条"))


def test_supervision_law_pdf_keeps_its_table_of_contents(shared_corpus):
    lines = _load(shared_corpus / "study" / "中华人民共和国监察法(2024-12-25).pdf").text.split("\n")
    assert lines[2] == "目　　录"
    assert lines.count("第二章　监察机关及其职责") == 2  # once in the TOC, once as heading


BAD = {
    "empty.txt": ["文件为空"],
    "zero-byte.pdf": ["文件为空"],
    "truncated-40pct.pdf": ["PDF 已损坏或不完整（可能下载中断）"],
    "encrypted.pdf": ["PDF 已加密，需要密码"],
    "scanned-no-text.pdf": ["没有文字层", "OCR"],
    "random-binary.txt": ["无法识别的编码或二进制文件"],
    "plain-text-renamed.docx": ["不是有效的 DOCX 文件（不是 ZIP 包）"],
    "nav-only-no-article.html": ["网页中未找到正文"],
}


def test_bad_files_are_rejected_with_a_reason(shared_corpus):
    names = {p.name for p in (shared_corpus / "bad").iterdir()}
    assert set(BAD) | {"utf16le-no-bom.txt"} == names
    for name, words in BAD.items():
        with pytest.raises(LoaderError) as info:
            load_file(shared_corpus / "bad" / name)
        for word in words:
            assert word in info.value.message, (name, info.value.message)
        assert info.value.hint and info.value.path.endswith(name)
        if name == "truncated-40pct.pdf":
            assert "截断" in info.value.hint and "重新下载" in info.value.hint


def test_utf16_without_bom_decodes_to_the_legal_aid_law(shared_corpus):
    source = load_file(shared_corpus / "bad" / "utf16le-no-bom.txt")
    assert source.get("encoding") == "utf-16-le"
    lines = source.text.split("\n")
    assert lines[0] == "中华人民共和国法律援助法"
    assert sum(1 for line in lines if ARTICLE.match(line)) == 71
    pdf = _load(shared_corpus / "study" / "中华人民共和国法律援助法(2021-08-20).pdf").text
    assert [line for line in lines if line] == pdf.split("\n")  # same text as the PDF version
