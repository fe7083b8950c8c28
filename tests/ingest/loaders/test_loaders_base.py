"""load_file: dispatch by suffix, unsupported/empty/missing/oversize files, the registry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.errors import LoaderError
from assistant.ingest.loaders.base import (
    REGISTRY,
    Loader,
    load_file,
    loader_for,
    register,
    supported_suffixes,
)
from assistant.types import SourceText

DATA = Path(__file__).resolve().parents[2] / "data" / "loaders"


def test_supported_suffixes_cover_every_format():
    assert {".pdf", ".docx", ".html", ".htm", ".txt", ".md"} <= set(supported_suffixes())
    assert all(isinstance(loader, Loader) for loader in REGISTRY.values())


@pytest.mark.parametrize(("name", "fmt"), [
    ("sample.pdf", "pdf"), ("sample.docx", "docx"), ("sample.html", "html"),
    ("sample_utf8.txt", "txt"), ("sample.md", "md"),
])
def test_dispatch_by_suffix(name, fmt):
    source = load_file(DATA / name)
    assert isinstance(source, SourceText)
    assert source.format == fmt
    assert source.path == str(DATA / name)
    assert "第一条" in source.text


def test_suffix_is_case_insensitive(tmp_path):
    target = tmp_path / "SAMPLE.TXT"
    shutil.copy(DATA / "sample_utf8.txt", target)
    assert load_file(target).format == "txt"
    assert load_file(str(target)).text.startswith("示例社区调解办法")


def test_unsupported_suffix_lists_supported_ones(tmp_path):
    target = tmp_path / "报表.xlsx"
    target.write_bytes(b"PK\x03\x04")
    with pytest.raises(LoaderError) as info:
        load_file(target)
    assert "不支持的文件类型：.xlsx" in info.value.message
    assert ".pdf" in info.value.hint and ".docx" in info.value.hint
    assert info.value.path == str(target)


def test_no_suffix(tmp_path):
    target = tmp_path / "README"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(LoaderError, match="无扩展名"):
        load_file(target)


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html", ".txt", ".md"])
def test_empty_file(tmp_path, suffix):
    target = tmp_path / f"empty{suffix}"
    target.write_bytes(b"")
    with pytest.raises(LoaderError) as info:
        load_file(target)
    assert info.value.message == "文件为空"
    assert info.value.hint
    # the loaders themselves also refuse 0-byte files
    with pytest.raises(LoaderError, match="文件为空"):
        loader_for(target).load(target)


def test_size_limit(tmp_path):
    target = tmp_path / "big.txt"
    target.write_text("第一条　内容。\n" * 100, encoding="utf-8")
    with pytest.raises(LoaderError) as info:
        load_file(target, max_bytes=1024)
    assert "文件过大" in info.value.message and "上限 1 KB" in info.value.message
    assert load_file(target, max_bytes=10 * 1024).text.count("第一条") == 100


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(LoaderError, match="文件不存在"):
        load_file(tmp_path / "nope.pdf")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(LoaderError, match="不是普通文件"):
        load_file(folder)


def test_register_custom_loader(tmp_path):
    class CsvLoader:
        suffixes = (".CSV",)

        def load(self, path: Path) -> SourceText:
            return SourceText(path=str(path), text="a,b", format="csv")

    registry: dict[str, Loader] = {}
    register(CsvLoader(), registry)
    assert list(registry) == [".csv"]
    assert ".csv" not in REGISTRY
