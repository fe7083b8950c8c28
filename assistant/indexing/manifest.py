"""What built the index: schema version, embedder, and the documents with their hashes.

Layout of an index folder (written down once, here)::

    index/CURRENT                 name of the active generation, replaced atomically
    index/gen-000007/manifest.json
    index/gen-000007/bm25/        bm25s arrays + ids.json
    index/docs/<key>.json         parsed document + chunks + tokens, content-addressed, immutable
    index/vectors/gen-000007/     embedded Chroma of that generation, copy-on-write (unless a server is configured)
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.errors import IndexStoreError

SCHEMA_VERSION = 1
PARSER_VERSION = "1"


@dataclass(frozen=True)
class DocEntry:
    """One indexed document as the manifest lists it."""

    key: str  # docs/<key>.json
    doc_id: str
    path: str
    sha256: str
    title: str
    short_title: str
    category: str
    version: str
    kind: str
    articles: int
    chunks: int
    is_current: bool = True


@dataclass(frozen=True)
class Manifest:
    """The active generation's description."""

    embedder: str
    documents: tuple[DocEntry, ...] = ()
    roots: tuple[str, ...] = ()
    schema: int = SCHEMA_VERSION
    parser: str = PARSER_VERSION
    created: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def chunk_count(self) -> int:
        """Total chunks over all documents."""
        return sum(d.chunks for d in self.documents)

    def save(self, path: Path) -> None:
        """Write as JSON."""
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """Read a manifest, refusing other schema versions."""
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("schema") != SCHEMA_VERSION:
            raise IndexStoreError(
                f"索引格式版本 {raw.get('schema')} 与本程序（{SCHEMA_VERSION}）不符", path=str(path),
                hint="删除索引文件夹后重新运行 assistant ingest",
            )
        docs = tuple(DocEntry(**d) for d in raw.pop("documents"))
        raw["roots"] = tuple(raw.get("roots", ()))
        return cls(documents=docs, **raw)


def current_generation(index_dir: Path) -> Path | None:
    """The active generation folder, or None when nothing was ever indexed."""
    pointer = index_dir / "CURRENT"
    if not pointer.is_file():
        return None
    gen = index_dir / pointer.read_text(encoding="utf-8").strip()
    return gen if (gen / "manifest.json").is_file() else None


def read_manifest(index_dir: Path) -> Manifest | None:
    """The active manifest or None."""
    gen = current_generation(index_dir)
    return Manifest.load(gen / "manifest.json") if gen else None


def publish(index_dir: Path, generation: Path) -> None:
    """Make ``generation`` active with an atomic rename of the CURRENT pointer."""
    tmp = index_dir / "CURRENT.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(generation.name)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / "CURRENT")
