"""Helpers shared by the loaders: reading bytes, error construction and line clean-up."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from assistant.errors import LoaderError

# Characters that never belong in the text: BOM / zero-width marks, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
# Whitespace that becomes an ordinary space (the ideographic space U+3000 is kept).
_SPACES = re.compile(r"[\t\x0b\x0c\u00a0\u2002\u2003\u2009\u202f]")
# ASCII spaces between CJK characters and/or digits are layout artefacts ("2021 年", "根据  2024");
# spaces next to Latin words are kept.
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}0-9])|(?<=[0-9]) +(?=[{_CJK}])")
_LABEL = re.compile(r"^(第[一二三四五六七八九十百千零〇两\d]+[条章节编])\s*? +")


def fail(path: Path | str, message: str, hint: str = "") -> LoaderError:
    """Build a LoaderError for ``path`` (the caller raises it)."""
    return LoaderError(message, hint=hint, path=str(path))


def read_bytes(path: Path) -> bytes:
    """Read a whole file; unreadable or 0-byte files raise LoaderError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise fail(path, "文件不存在", "检查路径是否正确") from exc
    except OSError as exc:
        raise fail(path, f"无法读取文件：{exc.strerror or exc}", "检查文件权限或是否被其他程序占用") from exc
    if not data:
        raise fail(path, "文件为空", "该文件为 0 字节，请重新下载或导出后再导入")
    return data


def normalize_newlines(text: str) -> str:
    """Drop a leading BOM and turn CRLF / CR line ends into LF."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def clean_line(line: str) -> str:
    """One output line: no invisible characters, odd spaces normalised, ends stripped."""
    return _SPACES.sub(" ", line.translate(_INVISIBLE)).strip()


def squeeze_cjk_spaces(line: str) -> str:
    """Remove ASCII spaces next to CJK characters (PDF layout artefacts such as "2021 年").

    A space right after a leading label ("第一条 ", "第一章 ") is a separator and stays (one space).
    """
    label = _LABEL.match(line)
    if label:
        return f"{label.group(1)} {_CJK_SPACE.sub('', line[label.end():])}"
    return _CJK_SPACE.sub("", line)


def join_lines(lines: Iterable[str]) -> str:
    """Clean every line and join with LF; runs of blank lines collapse to one, ends trimmed."""
    out: list[str] = []
    for raw in lines:
        for part in normalize_newlines(raw).split("\n"):
            line = clean_line(part)
            if line or (out and out[-1]):
                out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def require_text(path: Path, text: str, what: str) -> str:
    """Return ``text`` or raise LoaderError when it holds no visible character."""
    if not text.strip():
        raise fail(path, f"{what}中没有文字内容", "确认文件内容完整，或换用其他格式的副本")
    return text
