"""PDF loader (pypdf): rejects empty, truncated, encrypted and image-only files; never partial pages.

Hostile files are bounded: at most :data:`MAX_PAGES` pages, and pypdf runs with tighter limits
(:data:`PYPDF_LIMITS`: inflated stream size, operators per content stream, page-tree size), so a
decompression bomb or an operator flood is refused in seconds with a clear message.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, LimitReachedError

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
_LIMIT = "PDF 内容超出处理上限（{}），可能是恶意构造的文件或含超大矢量图"
_LIMIT_HINT = "请用 PDF 阅读器“打印”另存为新的 PDF，或改用 Word/TXT 版本后再导入"

MAX_PAGES = 2_000
# Tighter than pypdf's defaults (75 MB per stream, 2,000,000 parsing steps per content stream,
# 100,000 page-tree nodes); a page of text needs a few thousand operators and a few hundred KB.
PYPDF_LIMITS: dict[str, int] = {
    "zlib_maximum_output_length": 32_000_000,
    "lzw_maximum_output_length": 32_000_000,
    "run_length_maximum_output_length": 32_000_000,
    "brotli_maximum_output_length": 32_000_000,
    "array_based_stream_maximum_output_length": 32_000_000,
    "stream_parsing_work_maximum_count": 500_000,
    "page_tree_maximum_entries": 20_000,
}


@contextlib.contextmanager
def pypdf_limits() -> Iterator[None]:
    """Apply :data:`PYPDF_LIMITS` for the current context (pypdf ≥ 7; older versions: defaults)."""
    try:
        from pypdf import apply_configuration  # type: ignore[attr-defined,unused-ignore]
    except ImportError:  # pragma: no cover - pypdf < 7 has no configuration object
        yield
        return
    with apply_configuration(None, **PYPDF_LIMITS):
        yield


def _limit_error(path: Path, exc: LimitReachedError, where: str = "") -> LoaderError:
    reason = str(exc).lower()
    detail = "页面树过大" if "page tree" in reason else "内容流过大或绘图指令过多"
    return fail(path, _LIMIT.format(f"{where}{detail}"), _LIMIT_HINT)


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
        pages = len(reader.pages)
        if not pages:
            raise fail(path, _CORRUPT, f"文件中没有任何页面；{_CORRUPT_HINT}")
        if pages > MAX_PAGES:
            raise fail(path, f"PDF 页数过多（{pages:,} 页，上限 {MAX_PAGES:,} 页）",
                       "请把文件拆分为较小的 PDF（例如每部法律一个文件）后再导入")
    except LoaderError:
        raise
    except LimitReachedError as exc:
        raise _limit_error(path, exc) from exc
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
    except LimitReachedError as exc:
        raise _limit_error(path, exc, f"第 {len(pages) + 1} 页") from exc
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
        with pypdf_limits():
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
