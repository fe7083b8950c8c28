"""Ingest benchmark: documents/s, chunks/s, peak RSS for a corpus, then the unchanged re-ingest time.

    .venv/bin/python evals/bench_ingest.py [--corpus ../shared/corpus/study] [--embedder static]

Prints a table and appends it to evals/reports/ingest.md (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answering.service import Assistant  # noqa: E402
from assistant.config import load_settings  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "study"))
    parser.add_argument("--embedder", default=os.environ.get("ASSISTANT_EMBEDDER_NAME", ""))
    parser.add_argument("--keep", help="index folder to keep (default: a temp folder)")
    args = parser.parse_args()
    overrides = {"embedder": {"name": args.embedder}} if args.embedder else {}
    settings = load_settings(**overrides)
    index = Path(args.keep or tempfile.mkdtemp(prefix="bench-ingest-"))
    bot = Assistant(settings, index_dir=index)
    start = time.perf_counter()
    first = bot.ingest([Path(args.corpus)], progress=True)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    again = bot.ingest([Path(args.corpus)], progress=False)
    warm = time.perf_counter() - start
    rows = [
        ("corpus", args.corpus), ("embedder", bot.embedder.fingerprint),
        ("documents", f"{first.documents}"), ("chunks", f"{first.chunks}"),
        ("cold ingest (s)", f"{cold:.1f}"), ("documents/s", f"{first.documents / cold:.2f}"),
        ("chunks/s", f"{first.chunks / cold:.1f}"), ("peak RSS (MB)", f"{peak_rss_mb():.0f}"),
        ("unchanged re-ingest (s)", f"{warm:.2f}"), ("re-ingest embedded", f"{again.embedded}"),
        ("rejected files", f"{len(first.failed)}"), ("cores", f"{os.cpu_count()}"),
    ]
    table = "| metric | value |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    print(table)
    report = ROOT / "evals" / "reports" / "ingest.md"
    report.parent.mkdir(parents=True, exist_ok=True)
    with report.open("a", encoding="utf-8") as fh:
        fh.write(f"\n## {time.strftime('%Y-%m-%d %H:%M')} — {Path(args.corpus).name}\n\n{table}\n")
    if not args.keep:
        shutil.rmtree(index, ignore_errors=True)


if __name__ == "__main__":
    main()
