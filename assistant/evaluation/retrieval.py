"""Retrieval metrics as pure functions over article-level rankings.

A ranked unit counts for a gold item when (short_title, article number[, version]) matches, or for the
speech, when its section label equals the gold label or lies inside it (gold 二、 covers 二、（三）).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.evaluation.devset import DevItem, Gold


@dataclass(frozen=True)
class Unit:
    """A retrieved article or section."""

    doc: str
    article: int = 0
    label: str = ""
    version: str = ""


@dataclass(frozen=True)
class Outcome:
    """What one configuration returned for one dev question."""

    item: DevItem
    ranking: tuple[Unit, ...]
    found: bool
    seconds: float = 0.0


def matches(unit: Unit, gold: Gold) -> bool:
    """True when ``unit`` is the gold article/section (version checked only when gold names one)."""
    if unit.doc != gold.doc:
        return False
    if gold.section:
        return unit.label == gold.section or unit.label.startswith(gold.section)
    return unit.article == gold.article and (not gold.version or unit.version == gold.version)


def gold_ranks(ranking: Sequence[Unit], gold: Sequence[Gold]) -> list[int]:
    """1-based rank of the first match of each gold item (0 when it is not retrieved)."""
    return [next((i for i, u in enumerate(ranking, 1) if matches(u, g)), 0) for g in gold]


def hit_at(ranks: Sequence[int], k: int) -> float:
    """1.0 when any gold item is in the top ``k``."""
    return float(any(0 < r <= k for r in ranks))


def reciprocal_rank(ranks: Sequence[int]) -> float:
    """1 / rank of the best-ranked gold item (0 when none is retrieved)."""
    found = [r for r in ranks if r > 0]
    return 1.0 / min(found) if found else 0.0


def recall_at(ranks: Sequence[int], k: int) -> float:
    """Share of gold items in the top ``k`` (for questions that need all of them)."""
    return sum(0 < r <= k for r in ranks) / len(ranks) if ranks else 0.0


def ndcg_at(ranks: Sequence[int], k: int) -> float:
    """Binary-relevance nDCG@k; each gold item counts once, at its first rank."""
    dcg = sum(1.0 / math.log2(r + 1) for r in set(ranks) if 0 < r <= k)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(ranks), k) + 1))
    return dcg / ideal if ideal else 0.0


def abstain_scores(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """Precision, recall and F1 of "not found" as the positive class."""
    tp = sum(1 for o in outcomes if o.item.abstain and not o.found)
    fp = sum(1 for o in outcomes if not o.item.abstain and not o.found)
    fn = sum(1 for o in outcomes if o.item.abstain and o.found)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"abstain_precision": precision, "abstain_recall": recall, "abstain_f1": f1}


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) with linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    if len(values) == 1:
        return float(values[0])
    return float(statistics.quantiles(values, n=100, method="inclusive")[min(max(int(q), 1), 99) - 1])


def ranking_metrics(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """hit@1/5/10, MRR and nDCG@10 over answerable questions; recall@5/10 over need-all questions."""
    answerable = [o for o in outcomes if not o.item.abstain]
    ranks = [gold_ranks(o.ranking, o.item.gold) for o in answerable]
    n = max(len(ranks), 1)
    out = {f"hit@{k}": sum(hit_at(r, k) for r in ranks) / n for k in (1, 5, 10)}
    out["mrr"] = sum(reciprocal_rank(r) for r in ranks) / n
    out["ndcg@10"] = sum(ndcg_at(r, 10) for r in ranks) / n
    multi = [gold_ranks(o.ranking, o.item.gold) for o in answerable if o.item.need_all]
    for k in (5, 10):
        out[f"recall_all@{k}"] = sum(recall_at(r, k) for r in multi) / len(multi) if multi else 0.0
    return out


def lookup_accuracy(outcomes: Sequence[Outcome]) -> float:
    """Share of lookup questions whose first result is the gold article and that were answered."""
    lookups = [o for o in outcomes if o.item.type == "lookup"]
    good = sum(1 for o in lookups if o.found and gold_ranks(o.ranking[:1], o.item.gold) != [0] * len(o.item.gold))
    return good / len(lookups) if lookups else 0.0


def summarize(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """The flat metrics dict of one configuration (primary metric: ``mrr``)."""
    seconds = [o.seconds * 1000 for o in outcomes if o.seconds > 0]
    return {**ranking_metrics(outcomes), "lookup_acc": lookup_accuracy(outcomes), **abstain_scores(outcomes),
            "p50_ms": percentile(seconds, 50), "p95_ms": percentile(seconds, 95), "questions": float(len(outcomes))}


def by_type(outcomes: Sequence[Outcome]) -> dict[str, dict[str, float]]:
    """hit@5, MRR and the answered share per question type."""
    types = sorted({o.item.type for o in outcomes})
    table: dict[str, dict[str, float]] = {}
    for kind in types:
        group = [o for o in outcomes if o.item.type == kind]
        answered = sum(o.found for o in group) / len(group)
        metrics = ranking_metrics(group) if kind != "abstain" else {"hit@5": 0.0, "mrr": 0.0}
        table[kind] = {"n": float(len(group)), "hit@5": metrics["hit@5"], "mrr": metrics["mrr"], "answered": answered}
    return table
