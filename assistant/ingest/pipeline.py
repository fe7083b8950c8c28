"""Paths → parsed documents with chunks, one result per file (indexed, or rejected with a reason)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from assistant.errors import AssistantError, LoaderError
from assistant.indexing.docstore import StoredDoc
from assistant.indexing.tokenize import tokenize
from assistant.ingest.chunking import chunk_document
from assistant.ingest.loaders.base import load_file, supported_suffixes
from assistant.ingest.structure import parse_document

Status = Literal["indexed", "unchanged", "rejected", "duplicate", "removed", "kept"]
SKIP_NAMES = {"readme.md", "sources.md", "manifest.json", "license", "license.md"}


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
    """Load, parse and chunk one file; AssistantError subclasses explain failures."""
    if path.stat().st_size > max_mb * 1024 * 1024:
        raise LoaderError(f"文件过大（超过 {max_mb} MB）", path=str(path),
                          hint="拆分文件，或调大 corpus.max_file_mb")
    source = load_file(path)
    document = parse_document(source, sha256=sha256, sidecar=sidecar_for(path))
    chunks = chunk_document(document, max_chars=max_chars)
    if not chunks:
        raise LoaderError("未识别到可入库的内容", path=str(path), hint="确认文件包含条文或正文")
    return StoredDoc(document, tuple(chunks), tuple(tuple(tokenize(_index_text(c.title, c.short_title, c.text)))
                                                    for c in chunks))


def _index_text(title: str, short_title: str, text: str) -> str:
    return f"{short_title} {text}" if short_title else f"{title} {text}"


def rejected(path: Path, exc: AssistantError) -> FileResult:
    """A FileResult for a failed file."""
    return FileResult(str(path), "rejected", exc.message, exc.hint)
