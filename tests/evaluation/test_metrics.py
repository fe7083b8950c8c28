"""Metric functions on hand-made rankings."""

import math

import pytest

from assistant.evaluation.devset import DevItem, Gold, parse_item
from assistant.evaluation.retrieval import (
    Outcome,
    Unit,
    abstain_scores,
    by_type,
    gold_ranks,
    hit_at,
    lookup_accuracy,
    matches,
    ndcg_at,
    percentile,
    recall_at,
    reciprocal_rank,
    summarize,
)

A31 = Unit("法律援助法", 31, "第三十一条")
A42 = Unit("法律援助法", 42, "第四十二条")
OLD = Unit("监察法", 22, "第二十二条", "2018-03-20")
NEW = Unit("监察法", 22, "第二十二条", "2024-12-25")
SPEECH = Unit("研讨交流发言材料", 0, "二、（三）")


def item(gold, kind="paraphrase", need_all=False, qid="q"):
    return DevItem(qid, kind, "问题", tuple(gold), need_all)


def test_matching_rules():
    assert matches(A31, Gold("法律援助法", 31))
    assert not matches(A42, Gold("法律援助法", 31))
    assert matches(OLD, Gold("监察法", 22, version="2018-03-20"))
    assert not matches(NEW, Gold("监察法", 22, version="2018-03-20"))
    assert matches(NEW, Gold("监察法", 22))  # no version in gold: any version
    assert matches(SPEECH, Gold("研讨交流发言材料", section="二、"))  # a top-level section covers its parts
    assert matches(SPEECH, Gold("研讨交流发言材料", section="二、（三）"))
    assert not matches(SPEECH, Gold("研讨交流发言材料", section="二、（六）"))


def test_rank_metrics():
    ranks = gold_ranks([A42, NEW, A31], [Gold("法律援助法", 31), Gold("法律援助法", 99)])
    assert ranks == [3, 0]
    assert hit_at(ranks, 1) == 0.0 and hit_at(ranks, 3) == 1.0
    assert reciprocal_rank(ranks) == pytest.approx(1 / 3)
    assert recall_at(ranks, 5) == 0.5
    assert ndcg_at([1], 10) == 1.0
    assert ndcg_at(ranks, 10) == pytest.approx((1 / math.log2(4)) / (1 + 1 / math.log2(3)))
    assert reciprocal_rank([0, 0]) == 0.0 and recall_at([], 5) == 0.0


def test_abstain_precision_recall():
    gold = [Gold("法律援助法", 31)]
    outcomes = [Outcome(item([]), (), False), Outcome(item([]), (), True),
                Outcome(item(gold), (A31,), False), Outcome(item(gold), (A31,), True)]
    scores = abstain_scores(outcomes)
    assert scores["abstain_precision"] == 0.5 and scores["abstain_recall"] == 0.5
    assert scores["abstain_f1"] == 0.5


def test_lookup_accuracy_needs_found_and_first_place():
    gold = [Gold("法律援助法", 31)]
    outcomes = [Outcome(item(gold, "lookup"), (A31,), True), Outcome(item(gold, "lookup"), (A31,), False),
                Outcome(item(gold, "lookup"), (A42, A31), True)]
    assert lookup_accuracy(outcomes) == pytest.approx(1 / 3)


def test_summary_and_types():
    outcomes = [Outcome(item([Gold("法律援助法", 31)]), (A42, A31), True, 0.010),
                Outcome(item([Gold("法律援助法", 31), Gold("法律援助法", 42)], "multi", True), (A31, A42), True, 0.030),
                Outcome(item([], "abstain"), (A31,), False, 0.020)]
    summary = summarize(outcomes)
    assert summary["hit@1"] == 0.5 and summary["hit@5"] == 1.0
    assert summary["mrr"] == pytest.approx(0.75)
    assert summary["recall_all@5"] == 1.0 and summary["abstain_f1"] == 1.0
    assert summary["p50_ms"] == pytest.approx(20.0)
    types = by_type(outcomes)
    assert types["abstain"]["answered"] == 0.0 and types["multi"]["hit@5"] == 1.0


def test_percentile():
    assert percentile([], 95) == 0.0 and percentile([5.0], 50) == 5.0
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50) == pytest.approx(5.5)


def test_parse_item():
    raw = {"id": "q1", "type": "speech", "question": "x", "gold": [{"doc": "研讨交流发言材料", "section": "二、"}]}
    parsed = parse_item(raw)
    assert parsed.gold == (Gold("研讨交流发言材料", 0, "二、"),) and not parsed.abstain
