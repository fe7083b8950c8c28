"""PDF loader (pypdf): rejects empty, truncated, encrypted and image-only files; never partial pages."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from assistant.errors import LoaderError
from assistant.ingest.loaders._common import fail, join_lines, read_bytes
from assistant.ingest.loaders.pdf_layout import Line, group_lines, page_pieces
from assistant.ingest.loaders.pdf_reflow import reflow, strip_furniture
from assistant.types import SourceText

_CORRUPT = "PDF 已损坏或不完整（可能下载中断）"
_CORRUPT_HINT = "请重新下载或重新导出该 PDF 后再导入"
_ENCRYPTED_HINT = "请提供密码或未加密的副本"
_SCANNED = "PDF 没有文字层（扫描件），需要 OCR，当前版本暂不支持"
_SCANNED_HINT = "请先用 OCR 软件转换为可复制文字的 PDF，或提供 Word/TXT 版本"
_PLACEHOLDERS = frozenset({"", "untitled", "unspecified", "anonymous", "unknown", "无标题"})
_DATE = re.compile(r"^D:(\d{4})(\d{2})(\d{2})")
_WORD_PREFIX = re.compile(r"^(?:Microsoft Word - |Microsoft PowerPoint - )|\.(?:docx?|wps|pdf)$", re.I)


def open_pdf(path: Path) -> PdfReader:
    """Open and validate a PDF; every failure becomes a LoaderError."""
    data = read_bytes(path)
    if b"%PDF-" not in data[:1024]:
        raise fail(path, "不是有效的 PDF 文件（缺少 %PDF 文件头）", "确认文件确实是 PDF，或改用正确的扩展名")
    if b"%%EOF" not in data[-2048:]:
        raise fail(path, _CORRUPT, f"文件末尾缺少 %%EOF 标记，文件被截断；{_CORRUPT_HINT}")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        # An empty user password means "no password": every PDF viewer opens such files.
        if encrypted and not reader.decrypt(""):
            raise fail(path, "PDF 已加密，需要密码", _ENCRYPTED_HINT)
        if not reader.pages:
            raise fail(path, _CORRUPT, f"文件中没有任何页面；{_CORRUPT_HINT}")
    except LoaderError:
        raise
    except Exception as exc:
        raise fail(path, _CORRUPT, _CORRUPT_HINT) from exc
    return reader


def _read_pages(path: Path, reader: PdfReader) -> list[list[Line]]:
    """Visual lines of every page; any page that cannot be read rejects the whole file."""
    pages: list[list[Line]] = []
    try:
        for number, page in enumerate(reader.pages):
            pages.append(group_lines(page_pieces(page), number))
    except FileNotDecryptedError as exc:
        raise fail(path, "PDF 已加密，需要密码", _ENCRYPTED_HINT) from exc
    except Exception as exc:
        raise fail(path, _CORRUPT, f"第 {len(pages) + 1} 页无法读取；{_CORRUPT_HINT}") from exc
    return pages


def _meta(reader: PdfReader) -> tuple[tuple[str, str], ...]:
    info: dict[str, object] = dict(reader.metadata or {})
    meta: list[tuple[str, str]] = []
    title = _WORD_PREFIX.sub("", str(info.get("/Title") or "")).strip()
    values = (("title", title), ("author", str(info.get("/Author") or "")),
              ("subject", str(info.get("/Subject") or "")))
    meta += [(key, value.strip()) for key, value in values if value.strip().lower() not in _PLACEHOLDERS]
    created = _DATE.match(str(info.get("/CreationDate") or ""))
    if created:
        meta.append(("created", "-".join(created.groups())))
    return tuple(meta)


class PdfLoader:
    """Loads ``.pdf`` with a text layer into one paragraph per line."""

    suffixes: tuple[str, ...] = (".pdf",)
    format = "pdf"

    def load(self, path: Path) -> SourceText:
        """Extract, strip headers/footers/page numbers and rejoin wrapped lines."""
        reader = open_pdf(path)
        pages = _read_pages(path, reader)
        if not any(line.text.strip() for page in pages for line in page):
            raise fail(path, _SCANNED, _SCANNED_HINT)
        meta = _meta(reader)
        first = next((line.text for page in pages for line in page), "")
        text = join_lines(reflow(strip_furniture(pages, (first, dict(meta).get("title", "")))))
        if not text:
            raise fail(path, _SCANNED, _SCANNED_HINT)
        return SourceText(path=str(path), text=text, format=self.format, meta=meta)
