"""Pipeline data: files → SourceText → Document/Provision → Chunk → Hit → Citation/Answer.

Every type is a frozen dataclass so that stages cannot mutate each other's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ProvisionKind = Literal["article", "section", "preamble"]
DocumentKind = Literal["law", "speech"]


@dataclass(frozen=True)
class SourceText:
    """What a loader returns: decoded text plus the metadata the file carries."""

    path: str
    text: str
    format: str
    meta: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        """Return one metadata value (e.g. ``title``) or ``default``."""
        return dict(self.meta).get(key, default)


@dataclass(frozen=True)
class Provision:
    """One structural unit: an article (条), a speech section, or the preamble (序言)."""

    kind: ProvisionKind
    label: str  # 第三十一条 | 二、（六） | 序言
    number: int | None  # article number as int (31); None for sections
    chapter: tuple[str, ...]  # ("第二章 监察机关及其职责", "第一节 …")
    text: str  # full text as stored, beginning with the label for articles
    paragraphs: tuple[str, ...] = ()  # 款 (article body split by paragraph)


@dataclass(frozen=True)
class Document:
    """A parsed document: metadata plus its provisions in order."""

    doc_id: str
    path: str
    title: str
    short_title: str
    category: str
    version: str  # version date YYYY-MM-DD or "" when unknown
    kind: DocumentKind
    sha256: str
    info: tuple[str, ...] = ()  # adoption / amendment / issuing lines
    version_note: str = ""
    provisions: tuple[Provision, ...] = ()

    @property
    def article_count(self) -> int:
        """Number of 条 in the document."""
        return sum(1 for p in self.provisions if p.kind == "article")


@dataclass(frozen=True)
class Chunk:
    """The unit that is embedded and indexed (one 条, or one part of an oversize 条)."""

    chunk_id: str
    doc_id: str
    text: str
    title: str
    short_title: str
    category: str
    version: str
    chapter: str  # chapter path joined with " / "
    article: str  # 第三十一条 or section label 二、（六）
    article_no: int  # 0 for non-articles
    part: int = 0  # index of the part when an article is split by 款
    kind: ProvisionKind = "article"
    is_current: bool = True  # False for superseded versions of the same law

    def metadata(self) -> dict[str, str | int | bool]:
        """Flat metadata as stored in the vector store."""
        return {
            "doc_id": self.doc_id, "title": self.title, "short_title": self.short_title,
            "category": self.category, "version": self.version, "chapter": self.chapter,
            "article": self.article, "article_no": self.article_no, "part": self.part,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its score and the retriever that produced it."""

    chunk: Chunk
    score: float
    source: str = "hybrid"  # lookup | bm25 | dense | hybrid


@dataclass(frozen=True)
class Citation:
    """A cited provision; ``text`` is the full article exactly as stored."""

    title: str
    short_title: str
    version: str
    article: str
    article_no: int
    chapter: str
    text: str
    score: float
    doc_id: str = ""

    @property
    def label(self) -> str:
        """Human citation such as 《法律援助法》第三十一条."""
        return f"《{self.short_title}》{self.article}"

    def to_json(self) -> dict[str, str | int | float]:
        """The citation object of the ``ask --json`` schema."""
        return {
            "title": self.title, "short_title": self.short_title, "version": self.version,
            "article": self.article, "article_no": self.article_no, "chapter": self.chapter,
            "text": self.text, "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Answer:
    """What the assistant says: text, whether anything relevant was found, and citations."""

    question: str
    found: bool
    text: str
    citations: tuple[Citation, ...] = ()
    rewritten: str = ""  # the query after lay-word expansion, shown to the user
    notices: tuple[str, ...] = ()
    verification: dict[str, list[str]] = field(default_factory=dict)
    nearest: tuple[Citation, ...] = ()  # shown when nothing relevant was found

    def to_json(self, qid: str | None = None) -> dict[str, object]:
        """The ``ask --json`` schema."""
        data: dict[str, object] = {
            "question": self.question, "found": self.found, "answer": self.text,
            "citations": [c.to_json() for c in self.citations],
            "nearest": [c.to_json() for c in self.nearest], "rewritten": self.rewritten,
            "notices": list(self.notices), "verification": self.verification,
        }
        return {"id": qid, **data} if qid is not None else data
