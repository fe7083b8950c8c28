"""Quiz items: question, options, answer key and the article each one comes from (JSON round-trip)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from assistant.ingest.numerals import cn_to_int, int_to_cn
from assistant.study.facts import TOPIC_NAMES
from assistant.types import Document, Provision

ItemKind = Literal["single", "multi", "judge", "cloze", "source"]
KIND_NAMES: dict[str, str] = {
    "single": "单选", "multi": "多选", "judge": "判断", "cloze": "填空", "source": "出处题",
}
BLANK = "（____）"
TRUE, FALSE = "正确", "错误"
_YES = {"正确", "对", "是", "T", "TRUE", "Y", "YES", "√", "V", "1"}
_NO = {"错误", "错", "否", "F", "FALSE", "N", "NO", "×", "X", "0"}


@dataclass(frozen=True)
class Source:
    """Where an item (or option) comes from: document, version and article."""

    doc_id: str
    title: str
    short_title: str
    version: str
    label: str  # 第三十一条
    number: int | None
    chapter: str = ""

    @classmethod
    def of(cls, doc: Document, provision: Provision) -> Source:
        """The source of ``provision`` in ``doc``."""
        return cls(doc.doc_id, doc.title, doc.short_title, doc.version, provision.label,
                   provision.number, " / ".join(provision.chapter))

    @property
    def cite(self) -> str:
        """《法律援助法》第三十一条."""
        return f"《{self.short_title}》{self.label}"

    @property
    def full_cite(self) -> str:
        """《法律援助法》（2021-08-20）第三十一条."""
        version = f"（{self.version}）" if self.version else ""
        return f"《{self.short_title}》{version}{self.label}"


@dataclass(frozen=True)
class Option:
    """One choice. ``original`` is the true sentence a false statement was made from."""

    key: str
    text: str
    correct: bool
    source: Source | None = None
    original: str = ""


@dataclass(frozen=True)
class Item:
    """One question: ``body`` is the blanked sentence, statement or quote; ``evidence`` the original."""

    kind: ItemKind
    topic: str  # period | body | duty | number | article
    body: str
    answer: str  # letter(s), 正确/错误, or the missing term
    source: Source
    evidence: str
    options: tuple[Option, ...] = ()
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def item_id(self) -> str:
        """Stable id from the item's content."""
        return hashlib.sha1(self.to_json().encode()).hexdigest()[:16]

    @property
    def kind_name(self) -> str:
        """单选 / 多选 / 判断 / 填空 / 出处题."""
        return KIND_NAMES[self.kind]

    @property
    def topic_name(self) -> str:
        """期限 / 机关 / 义务 / 数额 / 条文 — what the item tests."""
        return TOPIC_NAMES.get(self.topic, self.topic)

    @property
    def question(self) -> str:
        """The full question text as shown to the learner."""
        cite = self.source.cite
        if self.kind == "judge":
            return f"根据{cite}：“{self.body}”此说法是否正确？"
        if self.kind == "multi":
            return f"根据《{self.source.short_title}》，下列说法正确的有："
        if self.kind == "source" or self.topic == "article":
            return f"“{self.body}”出自《{self.source.short_title}》哪一条？"
        return f"根据{cite}：{self.body}"

    @property
    def answer_text(self) -> str:
        """The key as shown: ``B. 十五日`` / ``A、C`` / ``错误`` / the term."""
        if self.kind == "single":
            return "；".join(f"{o.key}. {o.text}" for o in self.options if o.correct)
        if self.kind == "multi":
            return "、".join(o.key for o in self.options if o.correct)
        return self.answer

    @property
    def choices(self) -> list[str]:
        """Option labels for a radio / checkbox component: ``A. 十五日``."""
        return [f"{o.key}. {o.text}" for o in self.options]

    @property
    def sources(self) -> tuple[Source, ...]:
        """Articles the item tests: its source, and for 多选 every option's article."""
        extra = [o.source for o in self.options if o.source is not None] if self.kind == "multi" else []
        return tuple(dict.fromkeys([self.source, *extra]))

    def is_correct(self, response: str) -> bool:
        """Grade a learner's response (letters, 对/错, or the term; 15日 equals 十五日)."""
        label = re.match(r"^\s*([A-Ha-h])[.．]\s", response)  # a choice label such as "A. 十五日"
        given = label.group(1).upper() if label else re.sub(r"[\s,，、;；.。]+", "", response).upper()
        if self.kind == "single":
            return given == self.answer or any(o.correct and _same(o.text, response) for o in self.options)
        if self.kind == "source":
            return _article_number(response) == self.source.number
        if self.kind == "multi":
            return sorted(set(given)) == sorted(self.answer)
        if self.kind == "judge":
            return (given in _YES) if self.answer == TRUE else (given in _NO)
        return _same(response, self.answer)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict."""
        return asdict(self)

    def to_json(self) -> str:
        """Canonical JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Item:
        """Inverse of :meth:`to_dict`."""
        options = tuple(Option(o["key"], o["text"], o["correct"], _source(o["source"]), o["original"])
                        for o in data.get("options", ()))
        return cls(data["kind"], data["topic"], data["body"], data["answer"], Source(**data["source"]),
                   data["evidence"], options, dict(data.get("extra") or {}))

    @classmethod
    def from_json(cls, text: str) -> Item:
        """Inverse of :meth:`to_json`."""
        return cls.from_dict(json.loads(text))


def _source(data: dict[str, Any] | None) -> Source | None:
    return Source(**data) if data else None


def canonical_term(text: str) -> str:
    """Normalise a term for grading: no spaces/punctuation, Arabic digits → Chinese, 两 → 二."""
    flat = re.sub(r"[\s（）()____“”\"'。，,]+", "", text)
    flat = re.sub(r"\d{1,4}", lambda m: int_to_cn(int(m.group())) if int(m.group()) else "零", flat)
    return flat.replace("两", "二")


def _article_number(text: str) -> int | None:
    flat = re.sub(r"\s+", "", text).removeprefix("第").removesuffix("条")
    try:
        return cn_to_int(flat)
    except ValueError:
        return None


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and canonical_term(a) == canonical_term(b)
