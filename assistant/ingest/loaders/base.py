"""Loader protocol, the suffix → loader registry and :func:`load_file`, the single entry point."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from assistant.errors import LoaderError
from assistant.ingest.loaders._common import MAX_TEXT_CHARS, check_length, fail
from assistant.ingest.loaders.docx import DocxLoader
from assistant.ingest.loaders.html import HtmlLoader
from assistant.ingest.loaders.markdown import MarkdownLoader
from assistant.ingest.loaders.pdf import PdfLoader
from assistant.ingest.loaders.text import TextLoader
from assistant.types import SourceText

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@runtime_checkable
class Loader(Protocol):
    """Reads one file format into a :class:`SourceText` (raises LoaderError on bad input)."""

    suffixes: tuple[str, ...]

    def load(self, path: Path) -> SourceText:
        """Read ``path``; the text has LF line ends and one paragraph per line."""
        ...


REGISTRY: dict[str, Loader] = {}


def register(loader: Loader, registry: dict[str, Loader] | None = None) -> None:
    """Register ``loader`` for each of its (lower-case) suffixes, replacing earlier ones."""
    target = REGISTRY if registry is None else registry
    for suffix in loader.suffixes:
        target[suffix.lower()] = loader


for _loader in (PdfLoader(), DocxLoader(), HtmlLoader(), TextLoader(), MarkdownLoader()):
    register(_loader)


def supported_suffixes() -> tuple[str, ...]:
    """Suffixes that :func:`load_file` accepts, e.g. ``(".docx", ".htm", …)``."""
    return tuple(sorted(REGISTRY))


def loader_for(path: Path) -> Loader:
    """The registered loader for ``path``'s suffix (case-insensitive)."""
    loader = REGISTRY.get(path.suffix.lower())
    if loader is None:
        shown = path.suffix or "（无扩展名）"
        raise fail(path, f"不支持的文件类型：{shown}", f"支持的格式：{'、'.join(supported_suffixes())}")
    return loader


def load_file(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Load one file by suffix after checking that it exists, is not empty and not too large.

    The text a loader returns is also capped (:data:`MAX_TEXT_CHARS` characters).
    """
    path = Path(path)
    loader = loader_for(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise fail(path, "文件不存在", "检查路径是否正确") from exc
    except OSError as exc:
        raise fail(path, f"无法读取文件：{exc.strerror or exc}", "检查文件权限") from exc
    if not path.is_file():
        raise fail(path, "不是普通文件（可能是文件夹）", "请选择具体的文件")
    if size == 0:
        raise fail(path, "文件为空", "该文件为 0 字节，请重新下载或导出后再导入")
    if size > max_bytes:
        raise fail(path, f"文件过大（{_human(size)}，上限 {_human(max_bytes)}）",
                   "请拆分文件后再导入，或调大文件大小上限")
    source = loader.load(path)
    check_length(path, source.text)
    return source


def _human(size: int) -> str:
    """A byte count for messages: 52.4 MB / 12 KB / 80 字节."""
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MB"
    return f"{size // 1024} KB" if size >= 1024 else f"{size} 字节"


__all__ = ["DEFAULT_MAX_BYTES", "MAX_TEXT_CHARS", "REGISTRY", "Loader", "LoaderError", "load_file", "loader_for",
           "register", "supported_suffixes"]
