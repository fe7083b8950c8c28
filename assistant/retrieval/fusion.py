"""Score fusion as pure functions (bm25s-style tiny helpers)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
Scores = Mapping[str, float]


def max_normalise(scores: Mapping[K, float]) -> dict[K, float]:
    """Divide by the best score so the top item gets 1.0 (empty or all-zero → unchanged zeros)."""
    top = max(scores.values(), default=0.0)
    if top <= 0:
        return {k: 0.0 for k in scores}
    return {k: v / top for k, v in scores.items()}


def minmax_normalise(scores: Mapping[K, float]) -> dict[K, float]:
    """Map the lowest score to 0 and the highest to 1 (all equal → all 1.0)."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high - low <= 1e-12:
        return {k: 1.0 for k in scores}
    return {k: (v - low) / (high - low) for k, v in scores.items()}


def weighted_sum(runs: Sequence[Mapping[K, float]], weights: Sequence[float]) -> dict[K, float]:
    """Σ wᵢ·sᵢ(x) over runs; an item missing from a run scores 0 there."""
    if len(runs) != len(weights):
        raise ValueError("runs and weights differ in length")
    fused: dict[K, float] = {}
    for run, weight in zip(runs, weights, strict=True):
        for key, score in run.items():
            fused[key] = fused.get(key, 0.0) + weight * score
    return fused


def rrf(runs: Sequence[Sequence[K]], k: int = 60, weights: Sequence[float] | None = None) -> dict[K, float]:
    """Reciprocal rank fusion of ranked id lists: Σ wᵢ / (k + rankᵢ)."""
    weights = weights or [1.0] * len(runs)
    fused: dict[K, float] = {}
    for ranking, weight in zip(runs, weights, strict=True):
        for rank, key in enumerate(ranking, start=1):
            fused[key] = fused.get(key, 0.0) + weight / (k + rank)
    return fused


def ranked(scores: Mapping[K, float], k: int | None = None) -> list[tuple[K, float]]:
    """Items by descending score (ties by key for determinism), top ``k``."""
    items = sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return items[:k] if k is not None else items


def interleave(groups: Sequence[Sequence[K]]) -> list[K]:
    """Round-robin over ranked groups (first of each, then second of each …), no duplicates."""
    out: list[K] = []
    seen: set[K] = set()
    for depth in range(max((len(g) for g in groups), default=0)):
        for group in groups:
            if depth < len(group) and group[depth] not in seen:
                seen.add(group[depth])
                out.append(group[depth])
    return out
