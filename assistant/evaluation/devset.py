"""The retrieval dev set (evals/devset.jsonl) as typed records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "evals" / "devset.jsonl"


@dataclass(frozen=True)
class Gold:
    """One gold unit: an article (doc, article[, version]) or a speech section (doc, section)."""

    doc: str
    article: int = 0
    section: str = ""
    version: str = ""


@dataclass(frozen=True)
class DevItem:
    """One dev question; ``gold`` is empty for questions the corpus does not answer."""

    id: str
    type: str
    question: str
    gold: tuple[Gold, ...]
    need_all: bool = False

    @property
    def abstain(self) -> bool:
        """True when the right behaviour is to say the documents do not cover the question."""
        return not self.gold


def parse_item(raw: dict[str, object]) -> DevItem:
    """One JSON line → :class:`DevItem`."""
    raw_gold: list[dict[str, object]] = raw.get("gold", []) or []  # type: ignore[assignment]
    golds = tuple(
        Gold(str(g["doc"]), int(str(g.get("article", 0))), str(g.get("section", "")), str(g.get("version", "")))
        for g in raw_gold
    )
    return DevItem(str(raw["id"]), str(raw["type"]), str(raw["question"]), golds, bool(raw.get("need_all")))


def load_devset(path: Path = DEVSET) -> list[DevItem]:
    """All items of a JSONL dev set."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse_item(json.loads(line)) for line in lines if line.strip()]
