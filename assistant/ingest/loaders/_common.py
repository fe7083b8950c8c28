"""Helpers shared by the loaders: reading bytes, error construction and line clean-up."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from assistant.errors import LoaderError

# Characters that never belong in the text: BOM / zero-width marks, soft hyphen, and C0/C1 control
# characters other than tab and line ends (NUL, BEL… from broken exports).
_CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0x85),
                                     *range(0x86, 0xA0)))
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad" + _CONTROLS), None)
_CONTROL_TABLE = dict.fromkeys(map(ord, _CONTROLS), None)
# Whitespace that becomes an ordinary space (the ideographic space U+3000 is kept).
_SPACES = re.compile(r"[\t\x0b\x0c\u00a0\u2002\u2003\u2009\u202f]")
# ASCII spaces between CJK characters and/or digits are layout artefacts ("2021 年", "根据  2024");
# spaces next to Latin words are kept.
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}0-9])|(?<=[0-9]) +(?=[{_CJK}])")
_LABEL = re.compile(r"^(第[一二三四五六七八九十百千零〇两\d]+[条章节编])\s*? +")


# Longest text a file may yield: about 18 times the Civil Code. Longer input is almost surely not one
# document (or is hostile), and parsing/tokenizing it would take minutes.
MAX_TEXT_CHARS = 2_000_000


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


def strip_controls(text: str) -> str:
    """``text`` without C0/C1 control characters (tab and line ends are kept)."""
    return text.translate(_CONTROL_TABLE)


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


def check_length(path: Path | str, text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """Return ``text`` or raise LoaderError when it is longer than ``limit`` characters."""
    if len(text) > limit:
        raise fail(path, f"文本过长（约 {len(text) / 10_000:,.0f} 万字，上限 {limit // 10_000} 万字）",
                   "请把文件拆分为几个较小的文件（例如每部法律一个文件）后再导入")
    return text


def require_text(path: Path, text: str, what: str) -> str:
    """Return ``text`` or raise LoaderError when it holds no visible character."""
    if not text.strip():
        raise fail(path, f"{what}中没有文字内容", "确认文件内容完整，或换用其他格式的副本")
    return text
