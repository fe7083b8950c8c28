"""Ingest benchmark: documents/s, chunks/s, peak RSS, unchanged re-ingest time, resume after a kill.

    .venv/bin/python evals/bench_ingest.py                      # study corpus, and lawlib when present
    .venv/bin/python evals/bench_ingest.py --corpus lawlib --embedder static --resume lawlib

Every ingest runs in its own child process (``assistant`` code, the real CLI path through
``Assistant.ingest``), so peak RSS is that ingest's alone; the parent samples the child's RSS twice a
second for the memory plot. Per corpus:

1. cold ingest into a fresh index (kept under ``--work`` for evals/bench_query.py);
2. unchanged re-ingest of the same folder;
3. incremental ingest of one new small law (a second root folder) into a throw-away copy of the index:
   the cost of a publish that embeds almost nothing — mostly copying the active generation's Chroma
   folder (``stage``, timed on its own) plus BM25 rebuild and publish;
4. with ``--resume`` naming the corpus: a fresh ingest SIGKILLed at 60 % of the cold time, then a
   re-run — how many chunks it still had to embed shows what the killed run kept.

Writes evals/reports/ingest.{json,md,png}. A benchmark, not a test: run it on an otherwise idle
machine for numbers to compare (the load average is recorded with every row).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "corpus"
CORPORA = {"study": SHARED / "study", "lawlib": SHARED / "lawlib"}
REPORTS = ROOT / "evals" / "reports"
WORK = Path(tempfile.gettempdir()) / "zhengfa-bench"
STATIC = ROOT / "assistant" / "models" / "zh_legal_static"
SLOW_EMBEDDERS = {"use"}  # ~15 chunks/s here: lawlib would take over an hour
NEW_LAW = ("# 示例河道清淤管理办法\n\n<!-- INFO END -->\n\n"
           "第一条 为规范河道清淤工作，保障行洪安全，制定本办法。\n\n"
           "第二条 河道清淤应当在非汛期进行，清淤产生的淤泥应当妥善处置，不得随意堆放。\n\n"
           "第三条 本办法自发布之日起施行。\n")


def default_embedder() -> str:
    """ASSISTANT_EMBEDDER_NAME, else the static model when it is installed, else the configured default."""
    if os.environ.get("ASSISTANT_EMBEDDER_NAME"):
        return os.environ["ASSISTANT_EMBEDDER_NAME"]
    if STATIC.is_dir():
        return "static"
    from assistant.config import load_settings

    return load_settings().embedder.name


def index_dir(work: Path, corpus: str, embedder: str) -> Path:
    """Where the benchmark keeps the index of ``corpus`` built with ``embedder`` (shared with bench_query)."""
    return work / f"index-{corpus}-{embedder}"


def child_ingest(corpus: Path, index: Path, embedder: str, extra: list[Path] | None = None) -> None:
    """Child process: one ingest through the Assistant, metrics as one JSON line on stdout."""
    from assistant.answering.service import Assistant
    from assistant.config import load_settings

    settings = load_settings(index={"dir": str(index)}, embedder={"name": embedder})
    bot = Assistant(settings)
    bot.embedder.embed(["预热"])  # model import and load are not ingest time (cold_wall includes them)
    assert bot.space is not None
    staged: list[float] = []
    stage = getattr(bot.space, "stage", None)
    if stage is not None:  # time the copy of the previous generation's vectors (part of the index phase)
        def timed_stage(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return stage(*args, **kwargs)
            finally:
                staged.append(time.perf_counter() - t0)
        bot.space.stage = timed_stage  # type: ignore[method-assign]
    start = time.perf_counter()
    report = bot.ingest([corpus, *(extra or [])], progress=sys.stderr.isatty())
    seconds = time.perf_counter() - start
    print(json.dumps({
        "seconds": seconds, "documents": report.documents, "chunks": report.chunks,
        "embedded": report.embedded, "published": report.published, "failed": len(report.failed),
        "phases": report.phases, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "fingerprint": bot.embedder.fingerprint, "stage_seconds": sum(staged),
    }, ensure_ascii=False), flush=True)


def run_child(corpus: Path, index: Path, embedder: str, kill_after: float | None = None,
              extra: list[Path] | None = None) -> dict[str, Any]:
    """Run one ingest child; sample its RSS; SIGKILL it after ``kill_after`` seconds when given."""
    import psutil

    cmd = [sys.executable, __file__, "--child", str(corpus), str(index), embedder, *map(str, extra or [])]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env, text=True)
    samples: list[tuple[float, float]] = []
    watched = psutil.Process(proc.pid)
    while proc.poll() is None:
        elapsed = time.perf_counter() - start
        with contextlib.suppress(psutil.Error):
            samples.append((elapsed, watched.memory_info().rss / 2**20))
        if kill_after is not None and elapsed >= kill_after:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return {"killed_after": round(elapsed, 1), "rss": samples}
        time.sleep(0.5)
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"ingest child failed ({proc.returncode}) for {corpus}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - start  # includes interpreter start and model load
    result["rss"] = samples
    return result


def bench_corpus(name: str, corpus: Path, embedder: str, work: Path, resume: bool) -> dict[str, Any]:
    """Cold ingest, unchanged re-ingest and (optionally) kill-and-resume for one corpus."""
    index = index_dir(work, name, embedder)
    shutil.rmtree(index, ignore_errors=True)
    print(f"[{name}] cold ingest of {corpus} with {embedder} …", flush=True)
    cold = run_child(corpus, index, embedder)
    print(f"[{name}] unchanged re-ingest …", flush=True)
    warm = run_child(corpus, index, embedder)
    row: dict[str, Any] = {
        "corpus": name, "path": str(corpus), "embedder": embedder, "fingerprint": cold["fingerprint"],
        "documents": cold["documents"], "chunks": cold["chunks"], "failed": cold["failed"],
        "cold_seconds": round(cold["seconds"], 1), "cold_wall": round(cold["wall"], 1),
        "docs_per_s": round(cold["documents"] / cold["seconds"], 2),
        "chunks_per_s": round(cold["chunks"] / cold["seconds"], 1),
        "phases": {k: round(v, 1) for k, v in cold["phases"].items()},
        "peak_rss_mb": round(cold["peak_rss_mb"]), "rss": cold["rss"],
        "unchanged_seconds": round(warm["seconds"], 2), "unchanged_embedded": warm["embedded"],
        "unchanged_peak_rss_mb": round(warm["peak_rss_mb"]),
        "load_avg": round(os.getloadavg()[0], 1), "cores": os.cpu_count(), "when": time.strftime("%Y-%m-%d %H:%M"),
    }
    row["incremental"] = bench_incremental(name, corpus, embedder, work, index)
    if resume:
        row["resume"] = bench_resume(name, corpus, embedder, work, cold)
    return row


def folder_mb(folder: Path) -> float:
    """Size of the files under ``folder`` in MB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20 if folder.is_dir() else 0.0


def bench_incremental(name: str, corpus: Path, embedder: str, work: Path, index: Path) -> dict[str, Any]:
    """Add one small new law (a second root folder) to a throw-away copy of the index."""
    from assistant.indexing.vector_space import active_folder

    copy, extra = work / f"incr-{name}-{embedder}", work / f"incr-extra-{name}"
    for folder in (copy, extra):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(index, copy)
    extra.mkdir()
    (extra / "示例河道清淤管理办法.md").write_text(NEW_LAW, encoding="utf-8")
    chroma_mb = folder_mb(active_folder(copy))
    print(f"[{name}] incremental ingest of one new law ({chroma_mb:.0f} MB Chroma folder to copy) …", flush=True)
    inc = run_child(corpus, copy, embedder, extra=[extra])
    disk_mb = folder_mb(copy)
    for folder in (copy, extra):
        shutil.rmtree(folder, ignore_errors=True)
    return {"seconds": round(inc["seconds"], 2), "wall": round(inc["wall"], 1), "embedded": inc["embedded"],
            "documents": inc["documents"], "chunks": inc["chunks"], "published": inc["published"],
            "stage_seconds": round(inc["stage_seconds"], 2), "chroma_mb": round(chroma_mb),
            "index_mb_after": round(disk_mb), "phases": {k: round(v, 2) for k, v in inc["phases"].items()},
            "peak_rss_mb": round(inc["peak_rss_mb"])}


def bench_resume(name: str, corpus: Path, embedder: str, work: Path, cold: dict[str, Any]) -> dict[str, Any]:
    """SIGKILL a fresh ingest at 60 % of the cold time, then re-run it to completion."""
    index = work / f"resume-{name}-{embedder}"
    shutil.rmtree(index, ignore_errors=True)
    kill_at = 0.6 * cold["wall"]
    print(f"[{name}] resume check: kill a fresh ingest after {kill_at:.0f} s, then re-run …", flush=True)
    killed = run_child(corpus, index, embedder, kill_after=kill_at)
    parsed = len(list((index / "docs").glob("*.json")))
    again = run_child(corpus, index, embedder)
    shutil.rmtree(index, ignore_errors=True)
    return {"killed_after": killed["killed_after"], "docs_parsed_before_kill": parsed,
            "chunks_embedded_before_kill": again["chunks"] - again["embedded"],
            "rerun_embedded": again["embedded"], "chunks": again["chunks"],
            "rerun_seconds": round(again["seconds"], 1), "published": again["published"]}


def merge_rows(path: Path, rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], Hashable],
               valid: Callable[[dict[str, Any]], bool] = lambda r: True) -> list[dict[str, Any]]:
    """Rows of the report ``path`` (a JSON list) with ``rows`` replacing those of the same ``key``; written back.

    Earlier rows that are not ``valid`` (an older row format) are dropped.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    fresh = {key(r) for r in rows}
    merged = [r for r in old if valid(r) and key(r) not in fresh] + rows
    path.write_text(json.dumps(merged, ensure_ascii=False, indent=1), encoding="utf-8")
    return merged


def write_reports(rows: list[dict[str, Any]], out: Path) -> None:
    """Merge ``rows`` into ingest.json (one row per corpus × embedder) and redraw ingest.md / ingest.png."""
    merged = merge_rows(out / "ingest.json", rows, lambda r: (r["corpus"], r["embedder"]))
    (out / "ingest.md").write_text(markdown(merged), encoding="utf-8")
    plot(merged, out / "ingest.png")


def markdown(rows: list[dict[str, Any]]) -> str:
    """The report table."""
    head = ("| corpus | embedder | docs | chunks | cold ingest (s) | docs/s | chunks/s | scan · index (embed, store) "
            "· publish · gc (s) "
            "| peak RSS (MB) | unchanged re-ingest (s) | load avg |\n"
            "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    lines = []
    for r in rows:
        p = r["phases"]
        sec = {k: f"{p.get(k, 0):.0f}" for k in ("scan", "index", "embed", "store", "publish", "gc")}
        phases = f"{sec['scan']} · {sec['index']} ({sec['embed']}, {sec['store']}) · {sec['publish']} · {sec['gc']}"
        lines.append(f"| {r['corpus']} | {r['embedder']} | {r['documents']} | {r['chunks']} | {r['cold_seconds']} "
                     f"| {r['docs_per_s']} | {r['chunks_per_s']} | {phases} | {r['peak_rss_mb']} "
                     f"| {r['unchanged_seconds']} | {r['load_avg']} |")
    resumed = [r for r in rows if "resume" in r]
    text = "# Ingest benchmark (evals/bench_ingest.py)\n\n" + head + "\n" + "\n".join(lines) + "\n"
    if resumed:
        text += ("\n## Resume after SIGKILL\n\n| corpus | embedder | killed after (s) | docs parsed before kill "
                 "| chunks embedded before kill | re-run embedded | re-run (s) |\n|---|---|---:|---:|---:|---:|---:|\n")
        for r in resumed:
            s = r["resume"]
            text += (f"| {r['corpus']} | {r['embedder']} | {s['killed_after']} | {s['docs_parsed_before_kill']} "
                     f"| {s['chunks_embedded_before_kill']} of {s['chunks']} | {s['rerun_embedded']} "
                     f"| {s['rerun_seconds']} |\n")
    incremental = [r for r in rows if "incremental" in r]
    if incremental:
        text += ("\n## Incremental ingest: one new small law\n\n| corpus | embedder | ingest (s) | embedded "
                 "| copy Chroma folder (s) | Chroma folder (MB) | scan · index · publish · gc (s) "
                 "| index on disk after (MB) | peak RSS (MB) |\n|---|---|---:|---:|---:|---:|---|---:|---:|\n")
        for r in incremental:
            s = r["incremental"]
            p = s["phases"]
            phases = " · ".join(f"{p.get(k, 0):.1f}" for k in ("scan", "index", "publish", "gc"))
            text += (f"| {r['corpus']} | {r['embedder']} | {s['seconds']} | {s['embedded']} | {s['stage_seconds']} "
                     f"| {s['chroma_mb']} | {phases} | {s['index_mb_after']} | {s['peak_rss_mb']} |\n")
    text += ("\nCold ingest = parse + embed + BM25 + publish in a fresh index, timed inside the process (model "
             "load excluded; `cold_wall` in ingest.json includes it). Peak RSS is the ingest process's own "
             "ru_maxrss. Machine: " + f"{rows[-1]['cores']} cores, shared (see load avg).\n")
    return text


def plot(rows: list[dict[str, Any]], out: Path) -> None:
    """RSS over time per cold ingest, and the phase breakdown."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (mem, bars) = plt.subplots(1, 2, figsize=(12, 4.5))
    for r in rows:
        if r.get("rss"):
            t, mb = zip(*r["rss"], strict=True)
            mem.plot([x / 60 for x in t], mb, label=f"{r['corpus']} / {r['embedder']}")
    mem.set_xlabel("minutes")
    mem.set_ylabel("RSS (MB)")
    mem.set_title("Ingest process memory (cold ingest)")
    mem.legend()
    labels = [f"{r['corpus']}\n{r['embedder']}" for r in rows]
    bottom = [0.0] * len(rows)
    parts = {"scan (parse)": lambda p: p.get("scan", 0.0), "embed": lambda p: p.get("embed", 0.0),
             "vector store": lambda p: p.get("store", 0.0),
             "other index": lambda p: p.get("index", 0.0) - p.get("embed", 0.0) - p.get("store", 0.0),
             "publish + gc": lambda p: p.get("publish", 0.0) + p.get("gc", 0.0)}
    for label, part in parts.items():
        values = [part(r["phases"]) / 60 for r in rows]
        bars.bar(labels, values, bottom=bottom, label=label)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    bars.axhline(15, color="red", linestyle="--", linewidth=1, label="lawlib target 15 min")
    bars.set_ylabel("minutes")
    bars.set_title("Cold ingest by phase")
    bars.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main() -> None:
    if len(sys.argv) >= 5 and sys.argv[1] == "--child":
        child_ingest(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], [Path(a) for a in sys.argv[5:]])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", help="study, lawlib or a folder (repeatable)")
    parser.add_argument("--embedder", default="", help="embedder name (default: static if installed)")
    parser.add_argument("--work", type=Path, default=WORK, help=f"where indexes are kept (default {WORK})")
    parser.add_argument("--out", type=Path, default=REPORTS, help="report folder (default evals/reports)")
    parser.add_argument("--resume", action="append", default=None,
                        help="corpus names to kill-and-resume (default: study)")
    parser.add_argument("--force", action="store_true", help="run lawlib even with a slow embedder")
    args = parser.parse_args()
    embedder = args.embedder or default_embedder()
    names = args.corpus or [n for n, p in CORPORA.items() if p.is_dir()]
    resume = set(args.resume if args.resume is not None else ["study"])
    rows = []
    for name in names:
        corpus = CORPORA.get(name, Path(name))
        if not corpus.is_dir():
            print(f"skip {name}: {corpus} not found")
            continue
        if name == "lawlib" and embedder in SLOW_EMBEDDERS and not args.force:
            print(f"skip lawlib with {embedder!r} (~15 chunks/s → over an hour); use --embedder static or --force")
            continue
        rows.append(bench_corpus(name if name in CORPORA else corpus.name, corpus, embedder, args.work,
                                 name in resume))
        write_reports(rows, args.out)
    if rows:
        print((args.out / "ingest.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
