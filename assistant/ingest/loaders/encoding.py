"""Strict text-encoding detection: BOM, UTF-8, GB18030, UTF-16 — never ``errors="ignore"``.

GB18030 and BOM-less UTF-16 decode almost any byte string, so their results must also look
like real text: few control characters, mostly printable/CJK characters and, for those two
codecs, mostly common Chinese characters (GB2312 hanzi) rather than rare ones.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Code-point ranges that occur in real Chinese / English documents.
_PLAUSIBLE = (
    (0x20, 0x7E), (0xA0, 0x24F), (0x2000, 0x2BFF), (0x3000, 0x30FF), (0x3200, 0x33FF),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
    (0x20000, 0x3134F),
)
_SAMPLE = 200_000
_MIN_PLAUSIBLE = 0.9
_MIN_COMMON_HANZI = 0.8
_GUESSED = frozenset({"gb18030", "utf-16-le", "utf-16-be"})
_MIXED_MIN_PREFIX = 64


class UndecodableError(ValueError):
    """No candidate encoding yields plausible text."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` strictly and return ``(text, encoding)``; raise UndecodableError otherwise."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec.removesuffix("-sig")), codec
            except UnicodeDecodeError as exc:
                raise UndecodableError(f"文件声明为 {codec}（有 BOM），但内容无法按该编码解码") from exc
    for codec in _candidates(data):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if looks_like_text(text, strict_hanzi=codec in _GUESSED):
            return text, codec
    raise UndecodableError(_diagnose(data))


def _diagnose(data: bytes) -> str:
    """Why nothing fits: a long valid UTF-8 beginning means two encodings were mixed."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = data[:exc.start]
        if exc.start >= _MIXED_MIN_PREFIX and not head.isascii() and looks_like_text(head.decode("utf-8")):
            return (f"文件混用了不同的编码：前 {exc.start:,} 字节是 UTF-8 文本，之后不是"
                    "（可能拼接了 GBK/GB18030 文本，或文件已损坏）")
    return "无法识别的编码或二进制文件"


def _candidates(data: bytes) -> list[str]:
    """Codecs to try, most likely first. NUL bytes never occur in UTF-8/GB18030 text."""
    utf16 = ["utf-16-le", "utf-16-be"] if len(data) % 2 == 0 else []
    if b"\x00" in data:
        odd_zeros = data[1::2].count(0)
        if odd_zeros < data[0::2].count(0):
            utf16.reverse()  # zeros in even positions: big-endian
        return [*utf16, "utf-8", "gb18030"]
    return ["utf-8", "gb18030", *utf16]


def looks_like_text(text: str, *, strict_hanzi: bool = False) -> bool:
    """Heuristic sanity check of a decoded string (see module docstring)."""
    sample = text[:_SAMPLE]
    visible = [c for c in sample if c not in "\n\r\t\f\v"]
    if not visible:
        return True
    plausible = sum(1 for c in visible if _plausible(c))
    if plausible / len(visible) < _MIN_PLAUSIBLE:
        return False
    if not strict_hanzi:
        return True
    hanzi = [c for c in visible if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or c > "\uffff"]
    if len(hanzi) < 10:
        return plausible == len(visible)
    return sum(1 for c in hanzi if _common_hanzi(c)) / len(hanzi) >= _MIN_COMMON_HANZI


@cache
def _plausible(char: str) -> bool:
    point = ord(char)
    if not any(low <= point <= high for low, high in _PLAUSIBLE):
        return False
    return unicodedata.category(char) not in ("Cc", "Cs", "Co", "Cn")


@cache
def _common_hanzi(char: str) -> bool:
    """True for the 6,763 hanzi of GB2312, which cover almost all modern Chinese text."""
    try:
        return len(char.encode("gb2312")) == 2
    except UnicodeEncodeError:
        return False
