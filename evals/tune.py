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
from assistant.retrieval.ranking import FusionParams, diversified  # noqa: E402

import numpy as np  # noqa: E402


def collect(searcher, items):
    """Per question: gold, groups for diversification, and component arrays over its candidates."""
    rows = []
    for item in items:
        query = searcher.prepare(item.question)
        comps = searcher.components(query)
        keys = sorted(comps.keys())
        named = {v.doc_id for t in query.named for v in searcher.versions.get(t, [])}
        arrays = {name: np.array([getattr(comps, name).get(k, 0.0) for k in keys])
                  for name in ("lexical", "expanded", "bigram", "dense")}
        arrays["named"] = np.array([k[0] in named for k in keys], dtype=float)
        units = [unit(comps.chunks[k]) for k in keys]
        rows.append((item, keys, arrays, units, searcher._groups(query)))
    return rows


def _norm(x, how="max"):
    if how == "minmax":
        nz = x[x > 0]
        low = nz.min() if nz.size else 0.0
        span = x.max() - low
        return np.where(x > 0, (x - low) / span, 0.0) if span > 0 else (x > 0).astype(float)
    top = x.max()
    return x / top if top > 0 else x


def evaluate(rows, p):
    rr, h5 = [], []
    for item, keys, a, units, groups in rows:
        lex = _norm(a["lexical"] + p.expansion * a["expanded"])
        dense = a["dense"] if p.dense_norm == "raw" else _norm(a["dense"], "minmax")
        score = p.bm25 * lex + p.bigram * _norm(a["bigram"]) + p.dense * dense + p.mention * a["named"]
        top = np.argsort(-score)[:40]
        order = diversified({keys[i]: float(score[i]) for i in top}, groups)[:10]
        index = {k: i for i, k in enumerate(keys)}
        ranked_units = [units[index[k]] for k in order]
        ranks = [next((i + 1 for i, u in enumerate(ranked_units) if matches(u, g)), 99) for g in item.gold]
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
    grid = itertools.product([0.5, 0.6, 0.7, 0.8, 1.0], [0.0, 0.1, 0.2, 0.3, 0.5], [0.0, 0.1, 0.2, 0.3],
                             [0.6, 1.0], [0.0, 0.15, 0.3], ["raw", "minmax"])
    for bm25, bigram, dense, expansion, mention, norm in grid:
        if norm == "raw" and dense == 0.0:
            continue
        params = FusionParams(bm25=bm25, bigram=bigram, dense=dense, expansion=expansion, mention=mention,
                              dense_norm=norm)
        mrr, h5 = evaluate(rows, params)
        results.append((mrr, h5, params))
    results.sort(key=lambda r: (-r[0], -r[1]))
    lines = ["| MRR | hit@5 | bm25 | bigram | dense | expansion | mention | dense_norm | mode |",
             "|---|---|---|---|---|---|---|---|---|"]
    best_no_dense = [r for r in results if r[2].dense == 0.0][:5]
    for mrr, h5, p in results[:30] + [(0, 0, None)] + best_no_dense:
        if p is None:
            lines.append("| **best without dense** | | | | | | | | |")
            continue
        lines.append(f"| {mrr:.3f} | {h5:.3f} | {p.bm25} | {p.bigram} | {p.dense} | {p.expansion} | {p.mention} "
                     f"| {p.dense_norm} | {p.mode} |")
    Path(args.out).write_text("# Fusion grid search (dev set, non-lookup, non-abstain questions)\n\n" + "\n".join(lines) + "\n",
                              encoding="utf-8")
    print("\n".join(lines[:12]))


if __name__ == "__main__":
    main()
