"""Choose fusion weights and the abstain threshold on the dev set (grid search over cached components).

    python evals/tune.py --index /tmp/evidx        # writes evals/reports/tuning.md

Components (BM25 of the question, BM25 of added legal terms, dense cosine) are computed once per
question; every grid point only re-fuses them, so the search takes seconds.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluation.devset import load_devset  # noqa: E402
from assistant.evaluation.retrieval import matches  # noqa: E402
from assistant.evaluation.baselines import unit  # noqa: E402
from assistant.evaluation.runner import open_searcher  # noqa: E402
from assistant.retrieval.ranking import FusionParams  # noqa: E402


def collect(searcher, items):
    rows = []
    for item in items:
        query = searcher.prepare(item.question)
        comps = searcher.components(query)
        rows.append((item, query, comps))
    return rows


def evaluate(searcher, rows, params):
    searcher.params = params
    rr, h5 = [], []
    for item, query, comps in rows:
        order = searcher.order(query, comps)[:10]
        units = [unit(comps.chunks[k]) for k in order]
        ranks = [next((i + 1 for i, u in enumerate(units) if matches(u, g)), 99) for g in item.gold]
        best = min(ranks)
        rr.append(1 / best if best <= 10 else 0.0)
        h5.append(best <= 5)
    return sum(rr) / len(rr), sum(h5) / len(h5)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default=str(ROOT / "index"))
    parser.add_argument("--out", default=str(ROOT / "evals/reports/tuning.md"))
    args = parser.parse_args()
    searcher, cache = open_searcher(Path(args.index))
    items = [i for i in load_devset() if i.type not in ("abstain", "lookup")]
    rows = collect(searcher, items)
    cache.save()
    results = []
    grid = itertools.product([0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], [0.0, 0.25, 0.5, 0.75, 1.0],
                             [0.0, 0.1, 0.2, 0.3, 0.5], ["raw", "max", "minmax"])
    for bm25, expansion, mention, norm in grid:
        params = FusionParams(bm25=bm25, dense=round(1 - bm25, 2), expansion=expansion, mention=mention,
                              dense_norm=norm)
        mrr, h5 = evaluate(searcher, rows, params)
        results.append((mrr, h5, params))
    for k in [10, 30, 60]:
        params = FusionParams(bm25=1.0, dense=1.0, mode="rrf", rrf_k=k, expansion=0.5, mention=0.0)
        mrr, h5 = evaluate(searcher, rows, params)
        results.append((mrr, h5, params))
    results.sort(key=lambda r: (-r[0], -r[1]))
    lines = ["| MRR | hit@5 | bm25 | dense | expansion | mention | dense_norm | mode |", "|---|---|---|---|---|---|---|---|"]
    for mrr, h5, p in results[:25]:
        lines.append(f"| {mrr:.3f} | {h5:.3f} | {p.bm25} | {p.dense} | {p.expansion} | {p.mention} | {p.dense_norm} | {p.mode} |")
    Path(args.out).write_text("# Fusion grid search (dev set, non-lookup, non-abstain questions)\n\n" + "\n".join(lines) + "\n",
                              encoding="utf-8")
    print("\n".join(lines[:12]))


if __name__ == "__main__":
    main()
