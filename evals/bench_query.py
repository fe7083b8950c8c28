"""Query benchmark: p50/p95/p99 of retrieval and of the whole extractive answer, per scale and Chroma mode.

    .venv/bin/python evals/bench_query.py                       # study (+ lawlib when indexed), both modes
    .venv/bin/python evals/bench_query.py --scale lawlib --mode server

Questions are the 246 of evals/devset.jsonl (all of them, in file order, after 5 warm-up questions).
Each (scale, mode) runs in a child process against the index evals/bench_ingest.py keeps under
``--work`` (built first when missing):

* embedded — Chroma PersistentClient on the active generation's folder (``<index>/vectors/gen-N``),
  as ``assistant serve`` runs by default;
* server   — ``chroma run --path <that folder> --host 127.0.0.1`` started for the run, the app
  connecting through ``index.chroma_url`` (the same vectors, served over loopback HTTP).

Reported per run: cold start (reader + searcher build for one index generation), retrieval latency
(``Searcher.search``), answer latency (``Assistant.ask``: follow-up planning, retrieval, extractive
answer, citations), and the process RSS. Writes evals/reports/query.{json,md,png}.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_ingest import CORPORA, REPORTS, ROOT, WORK, default_embedder, index_dir, merge_rows, run_child  # noqa: E402

from assistant.indexing.vector_space import active_folder  # noqa: E402

DEVSET = ROOT / "evals" / "devset.jsonl"
CHROMA = ROOT / ".venv" / "bin" / "chroma"
WARMUP = 5
TARGETS_MS = {"study": 150, "lawlib": 300}  # p95 of the extractive answer


def questions(limit: int = 0) -> list[str]:
    """Dev-set questions in file order."""
    items = [json.loads(line)["question"] for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
    return items[:limit] if limit else items


def child_query(index: Path, embedder: str, chroma_url: str, limit: int) -> None:
    """Child process: time searcher build, retrieval and answers; one JSON line on stdout."""
    from assistant.answering.service import Assistant
    from assistant.config import load_settings

    settings = load_settings(index={"dir": str(index), "chroma_url": chroma_url}, embedder={"name": embedder})
    bot = Assistant(settings)
    start = time.perf_counter()
    bot.embedder.embed(["预热"])  # model load is not part of an index generation's cold start
    model = time.perf_counter() - start
    start = time.perf_counter()
    searcher = bot.searcher()
    cold = time.perf_counter() - start
    qs = questions(limit)
    for q in qs[:WARMUP]:
        bot.ask(q)
    retrieval, answer, found = [], [], 0
    for q in qs:
        t0 = time.perf_counter()
        searcher.search(q)
        t1 = time.perf_counter()
        result = bot.ask(q)
        t2 = time.perf_counter()
        retrieval.append((t1 - t0) * 1000)
        answer.append((t2 - t1) * 1000)
        found += result.found
    print(json.dumps({"model_load_s": model, "cold_start_s": cold, "retrieval_ms": retrieval, "answer_ms": answer,
                      "found": found, "questions": len(qs), "chunks": len(searcher.reader.chunks),
                      "documents": len(searcher.reader.docs),
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)


def free_port() -> int:
    """An unused loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ChromaServer:
    """``chroma run`` on 127.0.0.1 for the duration of a ``with`` block."""

    def __init__(self, path: Path) -> None:
        self.path, self.port = path, free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The chroma_url to configure."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ChromaServer:
        self.proc = subprocess.Popen([str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1",
                                      "--port", str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2)
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise SystemExit("chroma run did not start within 120 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=60)
            self.proc = None


def run_query_child(index: Path, embedder: str, chroma_url: str, limit: int) -> dict[str, Any]:
    """Run one measurement child and parse its JSON line."""
    cmd = [sys.executable, __file__, "--child", str(index), embedder, chroma_url, str(limit)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, env=env).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/p99 and mean, rounded to 0.1 ms."""
    arr = np.asarray(values)
    return {"p50": round(float(np.percentile(arr, 50)), 1), "p95": round(float(np.percentile(arr, 95)), 1),
            "p99": round(float(np.percentile(arr, 99)), 1), "mean": round(float(arr.mean()), 1)}


def measure(scale: str, mode: str, embedder: str, work: Path, limit: int) -> dict[str, Any]:
    """One (scale, mode) row; builds the index first when the ingest benchmark has not."""
    index = index_dir(work, scale, embedder)
    if not (index / "CURRENT").is_file():
        print(f"[{scale}] no index under {index}: ingesting {CORPORA[scale]} first …", flush=True)
        run_child(CORPORA[scale], index, embedder)
    print(f"[{scale}/{mode}] timing {limit or 'all'} dev-set questions …", flush=True)
    if mode == "server":
        with ChromaServer(active_folder(index)) as server:
            raw = run_query_child(index, embedder, server.url, limit)
    else:
        raw = run_query_child(index, embedder, "", limit)
    return {"scale": scale, "mode": mode, "embedder": embedder, "documents": raw["documents"], "chunks": raw["chunks"],
            "questions": raw["questions"], "found": raw["found"], "model_load_s": round(raw["model_load_s"], 1),
            "cold_start_s": round(raw["cold_start_s"], 1), "rss_mb": round(raw["rss_mb"]),
            "retrieval": percentiles(raw["retrieval_ms"]), "answer": percentiles(raw["answer_ms"]),
            "retrieval_ms": [round(x, 2) for x in raw["retrieval_ms"]],
            "answer_ms": [round(x, 2) for x in raw["answer_ms"]],
            "load_avg": round(os.getloadavg()[0], 1), "when": time.strftime("%Y-%m-%d %H:%M")}


def write_reports(rows: list[dict[str, Any]], out: Path) -> None:
    """Merge into query.json (one row per scale × mode × embedder); redraw query.md and query.png."""
    merged = merge_rows(out / "query.json", rows, lambda r: (r["scale"], r["mode"], r["embedder"]))
    (out / "query.md").write_text(markdown(merged), encoding="utf-8")
    plot(merged, out / "query.png")


def markdown(rows: list[dict[str, Any]]) -> str:
    """The report table."""
    text = ("# Query benchmark (evals/bench_query.py)\n\n"
            "| scale | Chroma | embedder | chunks | retrieval p50 / p95 / p99 (ms) | answer p50 / p95 / p99 (ms) "
            "| target p95 | cold start (s) | RSS (MB) | found | load avg |\n"
            "|---|---|---|---:|---|---|---:|---:|---:|---:|---:|\n")
    for r in rows:
        ret, ans = r["retrieval"], r["answer"]
        target = TARGETS_MS.get(r["scale"], 0)
        verdict = "✓" if target and ans["p95"] <= target else "✗"
        text += (f"| {r['scale']} | {r['mode']} | {r['embedder']} | {r['chunks']} "
                 f"| {ret['p50']} / {ret['p95']} / {ret['p99']} | {ans['p50']} / {ans['p95']} / {ans['p99']} "
                 f"| {target} {verdict} | {r['cold_start_s']} | {r['rss_mb']} | {r['found']}/{r['questions']} "
                 f"| {r['load_avg']} |\n")
    text += ("\nAnswer = `Assistant.ask` (extractive, no LLM) timed after the same question's retrieval, so caches "
             "are as warm as in a conversation. Cold start = reading one index generation and building its searcher "
             "(paid once per process and again after every ingest). One process, one question at a time; "
             "concurrency is in load.md.\n")
    return text


def plot(rows: list[dict[str, Any]], out: Path) -> None:
    """Latency distributions (answer and retrieval) per scale × mode."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
    labels = [f"{r['scale']}\n{r['mode']}\n{r['embedder']}" for r in rows]
    for ax, field, title in ((axes[0], "retrieval_ms", "Retrieval (Searcher.search)"),
                             (axes[1], "answer_ms", "Extractive answer (Assistant.ask)")):
        ax.boxplot([r[field] for r in rows], whis=(5, 95), showfliers=False)
        ax.set_xticks(range(1, len(rows) + 1), labels, fontsize=8)
        for i, r in enumerate(rows, 1):
            p = r[field.split("_")[0]]
            ax.scatter([i], [p["p99"]], marker="x", color="black", zorder=3)
        ax.set_title(title + " — box p25–p75, whiskers p5–p95, × p99")
        ax.set_yscale("log")
    for scale, ms in TARGETS_MS.items():
        axes[1].axhline(ms, linestyle="--", linewidth=1, color="red" if scale == "lawlib" else "orange",
                        label=f"p95 target {scale} {ms} ms")
    axes[0].set_ylabel("ms (log)")
    axes[1].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        child_query(Path(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", action="append", choices=sorted(CORPORA), help="study, lawlib (repeatable)")
    parser.add_argument("--mode", action="append", choices=["embedded", "server"], help="Chroma mode (repeatable)")
    parser.add_argument("--embedder", default="", help="embedder name (default: static if installed)")
    parser.add_argument("--work", type=Path, default=WORK, help=f"where indexes are kept (default {WORK})")
    parser.add_argument("--out", type=Path, default=REPORTS, help="report folder (default evals/reports)")
    parser.add_argument("--questions", type=int, default=0, help="first N dev-set questions only")
    args = parser.parse_args()
    embedder = args.embedder or default_embedder()
    built = [s for s in CORPORA if (index_dir(args.work, s, embedder) / "CURRENT").exists()]
    scales = args.scale or sorted({"study", *built}, key=list(CORPORA).index)
    rows = []
    for scale in scales:
        for mode in args.mode or ["embedded", "server"]:
            rows.append(measure(scale, mode, embedder, args.work, args.questions))
            write_reports(rows, args.out)
    print((args.out / "query.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
