"""Compare a run with the pinned values in evals/expected.json; a drop beyond tolerance fails."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.evaluation.runner import ConfigResult

LOWER_IS_BETTER = ("p50_ms", "p95_ms")


def load_expected(path: Path) -> dict[str, object]:
    """The pinned expectations: {"tolerance": 0.02, "configs": {name: {metric: value}}}."""
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def regressions(results: list[ConfigResult], expected: dict[str, object]) -> list[str]:
    """Human-readable regressions (empty when everything is within tolerance)."""
    tolerance = float(expected.get("tolerance", 0.02))  # type: ignore[arg-type]
    configs: dict[str, dict[str, float]] = expected.get("configs", {})  # type: ignore[assignment]
    by_name = {r.name: r for r in results}
    problems: list[str] = []
    for name, pinned in configs.items():
        if name not in by_name:
            continue
        for metric, value in pinned.items():
            got = by_name[name].metrics.get(metric, 0.0)
            if metric in LOWER_IS_BETTER:
                if got > value * 1.5 + 50:
                    problems.append(f"{name} {metric}: {got:.0f} ms > {value:.0f} ms")
            elif got < value - tolerance:
                problems.append(f"{name} {metric}: {got:.3f} < {value:.3f} − {tolerance}")
    return problems


def pin(results: list[ConfigResult], metrics: tuple[str, ...], tolerance: float = 0.02) -> dict[str, object]:
    """Expectations from a run (rounded down to 3 decimals)."""
    configs = {r.name: {m: int(r.metrics[m] * 1000) / 1000 for m in metrics if m in r.metrics} for r in results}
    return {"tolerance": tolerance, "configs": configs}
