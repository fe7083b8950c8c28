"""Reports of an evaluation run: Markdown table, JSON and a PNG chart (matplotlib, Agg backend)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from assistant.evaluation.runner import ConfigResult

CONFIG_NOTES = {
    "system": "the shipped Searcher: lookup, versions, names of unloaded laws, thesaurus + mined expansion, "
              "word BM25 + bigram BM25 + dense fused with dev-tuned weights, calibrated abstain",
    "lexical": "the same system with dense_weight = 0 (no query embedding: the low-latency setting)",
    "bm25": "BM25 over jieba tokens, article level, every version, never abstains",
    "dense": "dense cosine only (the index's embedder), article level, never abstains",
    "rrf": "equal-weight reciprocal rank fusion of bm25 and dense (k = 60)",
    "langchain": "naive LangChain: RecursiveCharacterTextSplitter(500, 50) over raw text → Chroma, same embedder",
}
COLUMNS = ("hit@1", "hit@5", "hit@10", "mrr", "ndcg@10", "recall_all@5", "recall_all@10", "lookup_acc",
           "abstain_precision", "abstain_recall", "abstain_f1", "p50_ms", "p95_ms")


def _cell(key: str, value: float) -> str:
    return f"{value:.0f}" if key.endswith("_ms") else f"{value:.3f}"


def markdown(results: Sequence[ConfigResult], notes: str = "") -> str:
    """The metrics table, a per-type table, and the ids each configuration missed."""
    lines = ["# 检索评测 / Retrieval evaluation", "", notes, "",
             "| config | " + " | ".join(COLUMNS) + " |", "|---" * (len(COLUMNS) + 1) + "|"]
    for r in results:
        lines.append(f"| {r.name} | " + " | ".join(_cell(c, r.metrics.get(c, 0.0)) for c in COLUMNS) + " |")
    types = sorted({t for r in results for t in r.types})
    lines += ["", "## hit@5 / answered share by question type", "",
              "| config | " + " | ".join(types) + " |", "|---" * (len(types) + 1) + "|"]
    for r in results:
        cells = []
        for t in types:
            m = r.types.get(t, {})
            value = m.get("answered", 0.0) if t == "abstain" else m.get("hit@5", 0.0)
            cells.append(f"{value:.2f}")
        lines.append(f"| {r.name} | " + " | ".join(cells) + " |")
    lines += ["", "(abstain column: share answered, lower is better)", "", "## Configurations", ""]
    lines += [f"- **{r.name}**: {CONFIG_NOTES.get(r.name.split('[')[0], '')}" for r in results]
    lines += ["", "Latency is measured on every 5th question with the real (uncached) embedder; quality uses",
              "cached query vectors. p50/p95 depend on machine load (the shared 2-core machine was busy).",
              "", "## Misses (top 5 / wrong abstain)", ""]
    lines += [f"- {r.name}: {', '.join(r.failures) or '—'}" for r in results]
    return "\n".join(lines) + "\n"


def to_json(results: Sequence[ConfigResult]) -> dict[str, object]:
    """Machine-readable results."""
    return {r.name: {"metrics": r.metrics, "by_type": r.types, "failures": r.failures} for r in results}


def chart(results: Sequence[ConfigResult], path: Path) -> None:
    """Grouped bars of hit@5, MRR and abstain F1 per configuration."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = ("hit@5", "mrr", "ndcg@10", "abstain_f1")
    fig, ax = plt.subplots(figsize=(max(6, 1.4 * len(results)), 4))
    width = 0.8 / len(keys)
    for i, key in enumerate(keys):
        xs = [j + i * width for j in range(len(results))]
        ax.bar(xs, [r.metrics.get(key, 0.0) for r in results], width, label=key)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(results))], [r.name for r in results], rotation=15)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title("Retrieval on the dev set")
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_reports(results: Sequence[ConfigResult], folder: Path, notes: str = "") -> list[Path]:
    """retrieval.md, retrieval.json and retrieval.png in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    md, js, png = folder / "retrieval.md", folder / "retrieval.json", folder / "retrieval.png"
    md.write_text(markdown(results, notes), encoding="utf-8")
    js.write_text(json.dumps(to_json(results), ensure_ascii=False, indent=1), encoding="utf-8")
    chart(results, png)
    return [md, js, png]
