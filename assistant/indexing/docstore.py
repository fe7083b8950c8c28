"""Parsed documents with their chunks and BM25 tokens as JSON files (content-addressed, immutable)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.types import Chunk, Document, Provision


@dataclass(frozen=True)
class StoredDoc:
    """A document as indexed: the parse, its chunks and each chunk's tokens."""

    document: Document
    chunks: tuple[Chunk, ...]
    tokens: tuple[tuple[str, ...], ...]


def doc_key(sha256: str, parser: str, max_chars: int) -> str:
    """File name of a stored document: same bytes + same parser settings → same key."""
    return f"{sha256[:24]}-p{parser}-m{max_chars}"


def write_doc(folder: Path, key: str, stored: StoredDoc) -> Path:
    """Write atomically (temp file + rename); an existing key is left untouched."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.json"
    if path.exists():
        return path
    payload = {"document": asdict(stored.document), "chunks": [asdict(c) for c in stored.chunks],
               "tokens": [list(t) for t in stored.tokens]}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_doc(folder: Path, key: str) -> StoredDoc:
    """Load one stored document.

    Tokens and the per-chunk metadata strings are interned: a law library repeats the same few
    hundred thousand words millions of times, and JSON decoding would otherwise give every
    occurrence its own string object (an IndexReader over lawlib: 671 MB → 281 MB RSS).
    """
    raw = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    intern = sys.intern
    chunks = tuple(Chunk(**_interned(c)) for c in raw["chunks"])
    return StoredDoc(_document(raw["document"]), chunks, tuple(tuple(map(intern, t)) for t in raw["tokens"]))


def _interned(fields: dict[str, Any]) -> dict[str, Any]:
    for key in _SHARED:
        value = fields.get(key)
        if isinstance(value, str):
            fields[key] = sys.intern(value)
    return fields


_SHARED = ("doc_id", "title", "short_title", "category", "version", "chapter", "article", "kind")


def _document(raw: dict[str, Any]) -> Document:
    provisions = tuple(
        Provision(**{**p, "chapter": tuple(p["chapter"]), "paragraphs": tuple(p["paragraphs"])})
        for p in raw.pop("provisions")
    )
    return Document(**{**raw, "info": tuple(raw["info"]), "provisions": provisions})
