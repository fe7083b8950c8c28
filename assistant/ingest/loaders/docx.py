"""DOCX loader (python-docx): body paragraphs and table cells in document order, runs joined.

The body XML is walked directly so that text inside content controls (``w:sdt``, e.g. a Word
table of contents), tracked insertions and hyperlinks is kept, while field codes, deleted text
and headers/footers (running titles, page numbers) are not. Automatic list numbering (articles
numbered by Word) is rendered by :mod:`docx_numbering`.

Before python-docx reads anything, the ZIP central directory is checked (:func:`check_archive`):
entry count, total uncompressed size, size of each XML part and compression ratio, so that a
zip bomb is refused from the directory alone. Because ``zipfile`` inflates a whole entry in one
call when asked for all of it, every entry is then inflated once in bounded steps to confirm that
it is not larger than its header claims (a lying header is the other zip-bomb trick).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx as python_docx
from lxml import etree

from assistant.errors import LoaderError
from assistant.ingest.loaders._common import fail, join_lines, read_bytes, require_text
from assistant.ingest.loaders.docx_numbering import Numbering
from assistant.types import SourceText

_NOT_ZIP_HINT = "如果是 .doc 或纯文本，请用 Word/WPS 另存为 .docx，或把扩展名改为 .txt"
_BOMB_HINT = "该文件可能是恶意构造的压缩炸弹；如确为正常文档，请用 Word/WPS 打开后另存为 .docx 再导入"
_RESAVE_HINT = "请重新下载，或用 Word/WPS 打开后另存为 .docx"
MAX_ENTRIES = 2_000  # a Word file has a few dozen parts, a few hundred with many images
MAX_UNPACKED = 100 * 2**20  # all parts together, uncompressed
MAX_XML_PART = 32 * 2**20  # one XML part (document.xml of a 1,000-page law book is ~20 MB)
MAX_RATIO = 200  # real Word XML compresses 5-35×; deflate bombs reach ~1,000×
_RATIO_FLOOR = 2**20  # the ratio test applies to XML parts larger than this
_CONTAINERS = frozenset({"sdt", "sdtContent", "customXml", "ins", "smartTag"})
_RUN_TEXT = (
    "./w:r/*[self::w:t or self::w:tab or self::w:br or self::w:cr]"
    " | ./*[not(self::w:r) and not(self::w:pPr) and not(self::w:del)]"
    "//w:r[not(ancestor::w:txbxContent)]/*[self::w:t or self::w:tab or self::w:br or self::w:cr]"
)


def _local(element: Any) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def paragraph_text(paragraph: Any) -> str:
    """Visible text of a ``w:p``: runs (also inside hyperlinks/insertions) joined; breaks → LF."""
    parts: list[str] = []
    for node in paragraph.xpath(_RUN_TEXT):
        kind = _local(node)
        parts.append(node.text or "" if kind == "t" else "\t" if kind == "tab" else "\n")
    return "".join(parts)


def block_lines(element: Any, numbering: Numbering | None = None) -> Iterator[str]:
    """Lines of a block container (body, cell, content control) in document order.

    With ``numbering``, automatic list numbers ("第一条" from numbering.xml) prefix paragraphs.
    """
    for child in element.iterchildren():
        kind = _local(child)
        if kind == "p":
            yield (numbering.label(child) if numbering else "") + paragraph_text(child)
        elif kind == "tbl":
            yield from _table_lines(child, numbering)
        elif kind in _CONTAINERS:
            yield from block_lines(child, numbering)


def _table_lines(table: Any, numbering: Numbering | None) -> Iterator[str]:
    """A row of one-line cells becomes one line (cells separated by a space); others cell by cell."""
    for row in table.xpath("./w:tr"):
        cells = [[line for line in block_lines(cell, numbering) if line.strip()]
                 for cell in row.xpath("./w:tc")]
        if all(len(cell) <= 1 for cell in cells):
            yield " ".join(cell[0] for cell in cells if cell)
        else:
            for cell in cells:
                yield from cell


def _has_word_part(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return True  # let python-docx report the damage
    return "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def check_archive(path: Path, data: bytes) -> None:
    """Refuse zip bombs from the central directory alone (nothing is inflated here)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise fail(path, "DOCX 已损坏或不完整（ZIP 目录无法读取）", _RESAVE_HINT) from exc
    if len(entries) > MAX_ENTRIES:
        raise fail(path, f"DOCX 中的条目过多（{len(entries):,} 个，上限 {MAX_ENTRIES:,} 个）", _BOMB_HINT)
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNPACKED:
        raise fail(path, f"DOCX 解压后过大（{_mb(total)}，上限 {_mb(MAX_UNPACKED)}）", _BOMB_HINT)
    for entry in entries:  # XML parts are parsed into trees (~10× their size in memory)
        name, size = entry.filename, entry.file_size
        if not name.lower().endswith((".xml", ".rels")):
            continue
        if size > MAX_XML_PART:
            raise fail(path, f"DOCX 解压后过大（{name} 为 {_mb(size)}，上限 {_mb(MAX_XML_PART)}）", _BOMB_HINT)
        if size > _RATIO_FLOOR and size > MAX_RATIO * max(entry.compress_size, 1):
            ratio = size // max(entry.compress_size, 1)
            raise fail(path, f"DOCX 解压后过大（{name} 压缩比 {ratio:,}:1 异常）", _BOMB_HINT)


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # zip local file header: 30 bytes + name + extra


def _inflated_size(raw: bytes, limit: int) -> int:
    """Size that raw deflate data inflates to; counting stops once it exceeds ``limit``."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    total, pending = 0, raw
    while total <= limit:
        chunk = inflater.decompress(pending, 1 << 20)
        total += len(chunk)
        pending = inflater.unconsumed_tail
        if not chunk and not pending:
            break
    return total


def check_sizes(path: Path, data: bytes) -> None:
    """Inflate every entry in bounded steps: none may be larger than its header says."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise fail(path, "DOCX 已加密，需要密码", "请提供密码或未加密的副本")
        header = _LOCAL_HEADER.unpack_from(data, entry.header_offset)
        start = entry.header_offset + _LOCAL_HEADER.size + header[9] + header[10]
        raw = data[start:start + entry.compress_size]
        if entry.compress_type == zipfile.ZIP_STORED:
            real = len(raw)
        elif entry.compress_type == zipfile.ZIP_DEFLATED:
            real = _inflated_size(raw, entry.file_size)
        else:
            raise fail(path, f"DOCX 使用了不支持的压缩方式（{entry.filename}）", _RESAVE_HINT)
        if real > entry.file_size:
            raise fail(path, f"DOCX 中 {entry.filename} 解压后超过声明的大小（声明 {entry.file_size:,} 字节）",
                       _BOMB_HINT)


def _parse_failure(path: Path, exc: Exception) -> LoaderError:
    """A damaged or hostile package: XML too deep / entity tricks get their own message."""
    reason = str(exc)
    if isinstance(exc, etree.XMLSyntaxError) and ("depth" in reason or "ntity" in reason):
        return fail(path, "DOCX 内容结构异常（XML 嵌套过深或含实体定义），可能是恶意构造的文件",
                    "请用 Word/WPS 打开后另存为 .docx 再导入")
    return fail(path, "DOCX 已损坏或不完整", _RESAVE_HINT)


def _open(path: Path) -> Any:
    data = read_bytes(path)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2 compound file: old .doc, or an encrypted .docx
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise fail(path, "DOCX 已加密，需要密码", "请提供密码或未加密的副本")
        raise fail(path, "这是旧版 Word（.doc）或 WPS 文件，不是 DOCX", "请用 Word/WPS 打开后另存为 .docx")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise fail(path, "不是有效的 DOCX 文件（不是 ZIP 包）", _NOT_ZIP_HINT)
    check_archive(path, data)
    if not _has_word_part(data):  # a ZIP, but not a Word document (e.g. a renamed .xlsx or .zip)
        raise fail(path, "不是 Word 文档（DOCX）", "请确认文件类型，或用 Word/WPS 另存为 .docx 后再导入")
    try:
        check_sizes(path, data)
    except (struct.error, zlib.error, zipfile.BadZipFile, ValueError) as exc:
        raise fail(path, "DOCX 已损坏或不完整", _RESAVE_HINT) from exc
    try:
        return python_docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise _parse_failure(path, exc) from exc


def _meta(document: Any) -> tuple[tuple[str, str], ...]:
    props = document.core_properties
    meta: list[tuple[str, str]] = []
    for key, value in (("title", props.title), ("subject", props.subject), ("author", props.author)):
        if value and value.strip():
            meta.append((key, value.strip()))
    for key, stamp in (("created", props.created), ("modified", props.modified)):
        if stamp is not None:
            meta.append((key, stamp.date().isoformat()))
    return tuple(meta)


class DocxLoader:
    """Loads ``.docx``: headings (styled or directly formatted) and paragraphs each become a line."""

    suffixes: tuple[str, ...] = (".docx",)
    format = "docx"

    def load(self, path: Path) -> SourceText:
        """Read body paragraphs and tables; headers and footers are skipped."""
        document = _open(path)
        lines = block_lines(document.element.body, Numbering(document))
        text = require_text(path, join_lines(lines), "DOCX 文件")
        return SourceText(path=str(path), text=text, format=self.format, meta=_meta(document))
