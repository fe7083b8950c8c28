"""Score fusion as pure functions (bm25s-style tiny helpers)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

Scores = Mapping[str, float]


def max_normalise(scores: Scores) -> dict[str, float]:
    """Divide by the best score so the top item gets 1.0 (empty or all-zero → unchanged zeros)."""
    top = max(scores.values(), default=0.0)
    if top <= 0:
        return {k: 0.0 for k in scores}
    return {k: v / top for k, v in scores.items()}


def weighted_sum(runs: Sequence[Scores], weights: Sequence[float]) -> dict[str, float]:
    """Σ wᵢ·sᵢ(x) over runs; an item missing from a run scores 0 there."""
    if len(runs) != len(weights):
        raise ValueError("runs and weights differ in length")
    fused: dict[str, float] = {}
    for run, weight in zip(runs, weights, strict=True):
        for key, score in run.items():
            fused[key] = fused.get(key, 0.0) + weight * score
    return fused


def rrf(runs: Sequence[Sequence[str]], k: int = 60, weights: Sequence[float] | None = None) -> dict[str, float]:
    """Reciprocal rank fusion of ranked id lists: Σ wᵢ / (k + rankᵢ)."""
    weights = weights or [1.0] * len(runs)
    fused: dict[str, float] = {}
    for ranking, weight in zip(runs, weights, strict=True):
        for rank, key in enumerate(ranking, start=1):
            fused[key] = fused.get(key, 0.0) + weight / (k + rank)
    return fused


def ranked(scores: Scores, k: int | None = None) -> list[tuple[str, float]]:
    """Items by descending score (ties by id for determinism), top ``k``."""
    items = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return items[:k] if k is not None else items
