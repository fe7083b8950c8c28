"""Plain-text (.txt) loader with strict encoding detection."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest.loaders._common import (
    check_length,
    fail,
    join_lines,
    normalize_newlines,
    read_bytes,
    require_text,
)
from assistant.ingest.loaders.encoding import UndecodableError, decode_bytes
from assistant.types import SourceText

_DECODE_HINT = "请用记事本或 WPS 打开后“另存为”UTF-8 编码的 .txt 再导入；若不是文本文件，请换用原始格式"


def decode_file(path: Path) -> tuple[str, str]:
    """Read ``path`` and decode it (BOM / UTF-8 / GB18030 / UTF-16); LF line ends, no BOM.

    Over-long text is refused right after decoding, before any line is cleaned or parsed.
    """
    data = read_bytes(path)
    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as exc:
        raise fail(path, str(exc), _DECODE_HINT) from exc
    return normalize_newlines(check_length(path, text)), encoding


class TextLoader:
    """Loads ``.txt``: one line per paragraph, lines stripped, blank-line runs collapsed."""

    suffixes: tuple[str, ...] = (".txt", ".text")
    format = "txt"

    def load(self, path: Path) -> SourceText:
        """Decode and clean the file."""
        raw, encoding = decode_file(path)
        text = require_text(path, join_lines(raw.split("\n")), "文本文件")
        return SourceText(path=str(path), text=text, format=self.format, meta=(("encoding", encoding),))
