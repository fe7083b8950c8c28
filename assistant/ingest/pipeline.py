"""Paths → parsed documents with chunks, one result per file (indexed, or rejected with a reason).

:func:`process_file` only ever raises :class:`AssistantError`: the loaders and the parser refuse
bad input with their own messages, documents with more than :data:`MAX_PROVISIONS` provisions or
:data:`MAX_CHUNKS` chunks are refused, and any other exception (a bug, a library failing on an
odd file) is reported as a LoaderError for that one file so the rest of the ingest goes on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from assistant.errors import AssistantError, LoaderError, StructureError
from assistant.indexing.docstore import StoredDoc
from assistant.indexing.tokenize import tokenize
from assistant.ingest.chunking import chunk_document
from assistant.ingest.loaders.base import load_file, supported_suffixes
from assistant.ingest.structure import parse_document

Status = Literal["indexed", "unchanged", "rejected", "duplicate", "removed", "kept"]
SKIP_NAMES = {"readme.md", "sources.md", "manifest.json", "license", "license.md"}
MAX_PROVISIONS = 20_000  # the Civil Code has 1,260 articles; a whole law book ~10,000
MAX_CHUNKS = 30_000


@dataclass(frozen=True)
class FileResult:
    """What happened to one file during an ingest."""

    path: str
    status: Status
    message: str = ""
    hint: str = ""
    title: str = ""
    articles: int = 0
    chunks: int = 0


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to ingest under ``paths`` (recursively), and results for paths that cannot be used."""
    found: list[Path] = []
    problems: list[FileResult] = []
    suffixes = set(supported_suffixes())
    for path in paths:
        if path.is_file():
            found.append(path.resolve())
        elif path.is_dir():
            found.extend(
                p.resolve() for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in suffixes and _wanted(p)
            )
        elif path.exists():
            problems.append(FileResult(str(path), "rejected", "不是普通文件或文件夹（可能是管道或设备文件）",
                                       "请选择具体的文件或文件夹"))
        else:
            problems.append(FileResult(str(path), "rejected", "路径不存在", "检查路径拼写"))
    return sorted(set(found)), problems


def _wanted(path: Path) -> bool:
    return not path.name.startswith(".") and path.name.lower() not in SKIP_NAMES


def file_sha256(path: Path) -> str:
    """Content hash of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@cache
def _folder_manifest(folder: Path) -> dict[str, dict[str, str]]:
    manifest = folder / "MANIFEST.json"
    if not manifest.is_file():
        return {}
    try:
        files = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
        return {f["file"]: {k: str(v) for k, v in f.items() if v is not None} for f in files}
    except (ValueError, KeyError, AttributeError):
        return {}


def sidecar_for(path: Path) -> dict[str, str] | None:
    """Metadata for ``path`` from a MANIFEST.json beside it (title, short_title, category, date…)."""
    return _folder_manifest(path.parent).get(path.name)


def process_file(path: Path, sha256: str, max_chars: int, max_mb: int = 50) -> StoredDoc:
    """Load, parse and chunk one file; AssistantError subclasses explain failures (see module doc)."""
    try:
        return _process(path, sha256, max_chars, max_mb)
    except AssistantError:
        raise
    except RecursionError as exc:
        raise LoaderError("文件结构嵌套过深，无法处理", path=_shown(path),
                          hint="请用原软件另存为较简单的格式（如 .txt 或 .docx）后再导入") from exc
    except MemoryError as exc:
        raise LoaderError("处理该文件时内存不足", path=_shown(path),
                          hint="请拆分文件后再导入，或关闭其他程序后重试") from exc
    except OSError as exc:
        raise LoaderError(f"无法读取文件：{exc.strerror or exc}", path=_shown(path),
                          hint="检查文件是否存在、权限是否足够") from exc
    except Exception as exc:
        raise LoaderError(f"处理该文件时发生意外错误（{type(exc).__name__}）", path=_shown(path),
                          hint="其他文件不受影响；请把该文件反馈给维护者，或换用其他格式的副本") from exc


def _shown(path: Path) -> str:
    """``path`` for messages; undecodable bytes of a file name are shown as ``\\xNN``."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _process(path: Path, sha256: str, max_chars: int, max_mb: int) -> StoredDoc:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise LoaderError("文件名不是有效的 UTF-8 编码（常见于 Windows 压缩包解压出的 GBK 文件名）",
                          path=_shown(path), hint="请把文件重命名为正常的中文名称后再导入，"
                          "例如用 convmv -f gbk -t utf-8 --notest 批量转换") from exc
    if path.stat().st_size > max_mb * 1024 * 1024:
        raise LoaderError(f"文件过大（超过 {max_mb} MB）", path=str(path),
                          hint="拆分文件，或调大 corpus.max_file_mb")
    source = load_file(path)
    document = parse_document(source, sha256=sha256, sidecar=sidecar_for(path))
    if len(document.provisions) > MAX_PROVISIONS:
        raise StructureError(f"条文或段落过多（{len(document.provisions):,} 个，上限 {MAX_PROVISIONS:,} 个）",
                             path=str(path), hint="请把文件拆分为几个较小的文件（例如每部法律一个文件）后再导入")
    chunks = chunk_document(document, max_chars=max_chars)
    if not chunks:
        raise LoaderError("未识别到可入库的内容", path=str(path), hint="确认文件包含条文或正文")
    if len(chunks) > MAX_CHUNKS:
        raise StructureError(f"切分后的片段过多（{len(chunks):,} 个，上限 {MAX_CHUNKS:,} 个）",
                             path=str(path), hint="请把文件拆分为几个较小的文件后再导入")
    return StoredDoc(document, tuple(chunks), tuple(tuple(tokenize(_index_text(c.title, c.short_title, c.text)))
                                                    for c in chunks))


def _index_text(title: str, short_title: str, text: str) -> str:
    return f"{short_title} {text}" if short_title else f"{title} {text}"


def rejected(path: Path, exc: AssistantError) -> FileResult:
    """A FileResult for a failed file."""
    return FileResult(str(path), "rejected", exc.message, exc.hint)
