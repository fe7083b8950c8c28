"""文件管理: safe uploads into the data folder, ingest results, index status."""

from __future__ import annotations

import os

import pytest

from assistant.errors import AssistantError
from assistant.ui import files


def no_progress(*_args, **_kwargs):
    return None


UNSAFE = ["../evil.md", "..", "a/../../b.md", "/etc/passwd.md", "C:\\x\\y.md", "a\x00.md", ".hidden.md",
          "x.exe", "x.md.sh", "noext", "", "a\nb.md", "x" * 201 + ".md"]
PLAIN = ["法律援助法.md", "条例(2023-05-01).PDF", "a b.docx", "x.html", "y.htm", "z.txt"]


@pytest.mark.parametrize("name", UNSAFE)
def test_unsafe_or_unsupported_names_are_refused(name):
    with pytest.raises(AssistantError):
        files.check_name(name)


@pytest.mark.parametrize("name", PLAIN)
def test_plain_names_are_accepted(name):
    assert files.check_name(name) == name


def test_save_stays_inside_the_folder(tmp_path):
    source = tmp_path / "src.txt"
    source.write_text("第一条 内容", encoding="utf-8")
    folder = tmp_path / "data" / "uploads"
    saved = files.save_upload(source, "规定.txt", folder, max_mb=1)
    assert saved == folder.resolve() / "规定.txt" and saved.read_text(encoding="utf-8") == "第一条 内容"
    for bad in ("../escape.txt", "/tmp/abs.txt", "sub/x.txt"):
        with pytest.raises(AssistantError):
            files.save_upload(source, bad, folder, max_mb=1)
    assert not (tmp_path / "data" / "escape.txt").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["规定.txt"]  # no temp files left


def test_symlinks_and_oversize_files_are_refused(tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    os.symlink(outside, folder / "link.txt")
    source = tmp_path / "src.txt"
    source.write_bytes(b"x" * 2048)
    with pytest.raises(AssistantError, match="不可写入"):
        files.save_upload(source, "link.txt", folder, max_mb=1)
    assert outside.read_text(encoding="utf-8") == "keep"
    with pytest.raises(AssistantError, match="过大"):
        files.save_upload(source, "big.txt", folder, max_mb=0)


def test_upload_good_and_bad_files(writable, good_upload, tmp_path):
    bot = writable("files-index")
    folder = tmp_path / "data" / "uploads"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    empty = inbox / "空白.pdf"
    empty.write_bytes(b"")
    noise = inbox / "乱码.txt"
    noise.write_bytes(bytes(range(256)) * 8)
    script = inbox / "工具.exe"
    script.write_bytes(b"MZ")
    html, status, cleared = files.upload(bot, [str(good_upload), str(empty), str(noise), str(script)],
                                         folder, 50, progress=no_progress)
    assert cleared is None
    assert "处理 4 个文件，3 个未能入库" in html
    assert "青溪市文明养犬示范规定.txt</td><td>已入库</td><td>《青溪市文明养犬示范规定》3 条" in html
    assert "空白.pdf</td><td>已拒收</td><td>文件为空" in html
    assert "乱码.txt</td><td>已拒收" in html and "工具.exe</td><td>已拒收</td><td>不支持的文件类型" in html
    assert "处理办法" in html
    # rejected files are removed from the data folder
    assert sorted(p.name for p in folder.iterdir()) == ["青溪市文明养犬示范规定.txt"]
    assert "共 3 部文件、4 个版本" in status and "青溪市文明养犬示范规定" in status
    again, _, _ = files.upload(bot, [str(good_upload)], folder, 50, progress=no_progress)
    assert "未变化" in again
    twin = inbox / "副本.txt"
    twin.write_bytes(good_upload.read_bytes())
    dup, status, _ = files.upload(bot, [str(twin)], folder, 50, progress=no_progress)
    assert "重复，已跳过</td><td>与已入库的《青溪市文明养犬示范规定》内容相同" in dup
    assert not (folder / "副本.txt").exists() and "4 个版本" in status


def test_upload_without_files_and_status(assistant, tmp_path):
    html, status, _ = files.upload(assistant, [], tmp_path, 50, progress=no_progress)
    assert "请先选择" in html
    built_with = str(assistant.status()["embedder"])
    assert "共 2 部文件、3 个版本" in status and built_with in status and "旧版本" in status
