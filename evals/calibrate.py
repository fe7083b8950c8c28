"""Fit the abstain model in assistant/retrieval/confidence.py on the dev set.

    python evals/calibrate.py --index /tmp/evidx

Questions decided by rules (lookups, laws named but not loaded) are left out; every other dev
question gives one feature vector, labelled 1 when the corpus answers it. A logistic regression
(plain numpy, L2) is fitted; the threshold that maximises abstain F1 over the whole dev set (rules
included) is reported, with 5-fold cross-validated numbers to show how much of it is fit.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluation.devset import load_devset  # noqa: E402
from assistant.evaluation.runner import open_searcher  # noqa: E402
from assistant.retrieval.confidence import FEATURES  # noqa: E402


def rows(searcher):
    X, y, ruled = [], [], 0
    for item in load_devset():
        result = searcher.search(item.question)
        implied = result.mode == "unknown-law" and bool(searcher.prepare(item.question).implied)
        if result.mode != "ranked" and not implied:
            ruled += item.abstain and not result.found
            continue
        query = searcher.prepare(item.question)
        order = searcher.order(query, searcher.components(query))
        f = searcher.confidence.features(query.text, query.tokens, query.expansion.terms, bool(query.named), order)
        X.append([f[n] for n in FEATURES])
        y.append(0.0 if item.abstain else 1.0)
    return np.array(X), np.array(y), ruled


def fit(X, y, l2=0.01, steps=4000, lr=0.5):
    w, b = np.zeros(X.shape[1]), 0.0
    pos = y.mean()
    weight = np.where(y == 1, 0.5 / pos, 0.5 / (1 - pos))  # balanced classes
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        g = (p - y) * weight
        w -= lr * (X.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return w, b


def f1_at(p, y, threshold, ruled, total_abstain):
    pred_abstain = p < threshold
    tp = int((pred_abstain & (y == 0)).sum()) + ruled
    fp = int((pred_abstain & (y == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / total_abstain
    return (2 * precision * recall / (precision + recall) if precision + recall else 0.0), tp, fp


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default=str(ROOT / "index"))
    parser.add_argument("--l2", type=float, default=0.01)
    args = parser.parse_args()
    searcher, cache = open_searcher(Path(args.index))
    X, y, ruled = rows(searcher)
    cache.save()
    total = sum(1 for i in load_devset() if i.abstain)
    w, b = fit(X, y, l2=args.l2)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    best = max(((*f1_at(p, y, t, ruled, total), t) for t in np.arange(0.05, 0.95, 0.01)), key=lambda r: r[0])
    print("weights", dict(zip(FEATURES, np.round(w, 3), strict=True)), "intercept", round(b, 3))
    print(f"rules caught {ruled}/{total}; best threshold {best[3]:.2f}: F1 {best[0]:.3f} tp {best[1]} fp {best[2]}")
    target = searcher.settings.min_score
    shift = math.log(target / (1 - target)) - math.log(best[3] / (1 - best[3]))
    print(f"intercept with the operating point at retrieval.min_score = {target}:", round(b + shift, 3))
    folds = np.arange(len(y)) % 5
    cv = np.zeros(len(y))
    for k in range(5):
        wk, bk = fit(X[folds != k], y[folds != k], l2=args.l2)
        cv[folds == k] = 1 / (1 + np.exp(-(X[folds == k] @ wk + bk)))
    f1, tp, fp = f1_at(cv, y, best[3], ruled, total)
    print(f"5-fold CV at that threshold: F1 {f1:.3f} tp {tp} fp {fp}")


if __name__ == "__main__":
    main()
