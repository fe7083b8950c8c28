"""Document → Chunks: one chunk per provision; an oversize 条 is split by 款 into parts.

Part 0 keeps the provision text's own beginning (``第十条　…``). Every later part starts
with the label followed by ``（续）`` and a full-width space, e.g. ``第十条（续）　第三款…``,
so that each chunk still names its article. A single 款 longer than the limit is cut at
sentence ends (。；), and only as a last resort at ``max_chars``.

``chunk_id`` = ``c_`` + 16 hex chars of sha1(short_title | version | label | occurrence of the
label in the document | part | sha1(part text)): stable across runs and unique in a document.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from assistant.types import Chunk, Document, Provision

CONTINUED = "（续）"
_SENTENCE_END = re.compile(r"(?<=[。；！？])")


def _pieces(unit: str, limit: int) -> list[str]:
    """Cut one 款 that is longer than ``limit`` at sentence ends, then hard at ``limit``."""
    pieces: list[str] = []
    for sentence in (s for s in _SENTENCE_END.split(unit) if s):
        if pieces and len(pieces[-1]) + len(sentence) <= limit:
            pieces[-1] += sentence
        else:
            pieces.extend(sentence[i:i + limit] for i in range(0, len(sentence), limit))
    return pieces


def _units(provision: Provision) -> tuple[str, list[str]]:
    """The head that starts part 0 and the units (款, or lines for sections) that follow."""
    if provision.kind == "article" and provision.paragraphs:
        return f"{provision.label}　", list(provision.paragraphs)
    return "", provision.text.split("\n")


def split_provision(provision: Provision, max_chars: int) -> list[str]:
    """Texts of the parts of ``provision`` (one part when it fits in ``max_chars``)."""
    if len(provision.text) <= max_chars:
        return [provision.text]
    head, units = _units(provision)
    more = f"{provision.label}{CONTINUED}　"
    limit = max(max_chars - max(len(head), len(more)), 40)
    parts: list[list[str]] = [[]]
    for unit in units:
        for piece in _pieces(unit, limit) if len(unit) > limit else [unit]:
            if parts[-1] and len("\n".join([*parts[-1], piece])) > limit:
                parts.append([])
            parts[-1].append(piece)
    return [(head if i == 0 else more) + "\n".join(part) for i, part in enumerate(parts)]


def make_chunk_id(doc: Document, label: str, occurrence: int, part: int, text: str) -> str:
    """Stable id of one part of one provision."""
    text_hash = hashlib.sha1(text.encode()).hexdigest()
    key = f"{doc.short_title}|{doc.version}|{label}|{occurrence}|{part}|{text_hash}"
    return "c_" + hashlib.sha1(key.encode()).hexdigest()[:16]


def chunk_document(doc: Document, *, max_chars: int = 1200) -> list[Chunk]:
    """One :class:`Chunk` per provision, or per part of an oversize provision, in document order."""
    seen: Counter[str] = Counter()
    chunks: list[Chunk] = []
    for provision in doc.provisions:
        occurrence = seen[provision.label]
        seen[provision.label] += 1
        for part, text in enumerate(split_provision(provision, max_chars)):
            chunks.append(Chunk(
                chunk_id=make_chunk_id(doc, provision.label, occurrence, part, text), doc_id=doc.doc_id,
                text=text, title=doc.title, short_title=doc.short_title, category=doc.category,
                version=doc.version, chapter=" / ".join(provision.chapter), article=provision.label,
                article_no=provision.number or 0, part=part, kind=provision.kind,
            ))
    return chunks
