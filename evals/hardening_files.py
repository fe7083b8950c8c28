"""Hostile-file benchmark: verdict, CPU/wall time and peak memory per hostile file, plus a fuzz run.

    .venv/bin/python evals/hardening_files.py [--fuzz 2000] [--out evals/reports/hardening_files.md]

Every file of ``tests/hardening/hostile.py`` (the bad inputs of ``../shared/corpus/bad`` plus
bombs and malformed files generated into a temporary folder) goes through
``assistant.ingest.pipeline.process_file`` in a forked child; the child reports the outcome, its
CPU and wall time and the growth of its peak RSS. Then ``--fuzz`` random or mutated files of every
format are loaded, parsed and chunked in-process: anything but an AssistantError is a crash.
Writes a Markdown report (a benchmark, not a test; the assertions live in tests/hardening).
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "hardening"))

import hostile  # noqa: E402
from strategies import mutate  # noqa: E402

from assistant.errors import AssistantError  # noqa: E402
from assistant.ingest.chunking import chunk_document  # noqa: E402
from assistant.ingest.loaders.base import load_file  # noqa: E402
from assistant.ingest.structure import parse_document  # noqa: E402

SAMPLES = ROOT / "tests" / "data" / "loaders"
SUFFIXES = (".txt", ".md", ".html", ".docx", ".pdf")


def limits() -> list[tuple[str, str, str]]:
    """(where, limit, value) of every input limit, read from the code."""
    from assistant.ingest import pipeline
    from assistant.ingest.loaders import _common, base, docx, html, pdf

    mb = 2**20
    return [
        ("loaders/base.py", "file size", f"{base.DEFAULT_MAX_BYTES // mb} MB (corpus.max_file_mb)"),
        ("loaders/_common.py", "characters of text per file", f"{_common.MAX_TEXT_CHARS:,}"),
        ("loaders/pdf.py", "pages", f"{pdf.MAX_PAGES:,}"),
        ("loaders/pdf.py", "inflated size of one PDF stream",
         f"{pdf.PYPDF_LIMITS['zlib_maximum_output_length'] // 1_000_000} MB"),
        ("loaders/pdf.py", "parsing steps per content stream",
         f"{pdf.PYPDF_LIMITS['stream_parsing_work_maximum_count']:,}"),
        ("loaders/pdf.py", "page-tree nodes", f"{pdf.PYPDF_LIMITS['page_tree_maximum_entries']:,}"),
        ("loaders/docx.py", "ZIP entries", f"{docx.MAX_ENTRIES:,}"),
        ("loaders/docx.py", "uncompressed size, all parts", f"{docx.MAX_UNPACKED // mb} MB"),
        ("loaders/docx.py", "uncompressed size, one XML part", f"{docx.MAX_XML_PART // mb} MB"),
        ("loaders/docx.py", "compression ratio of an XML part > 1 MB", f"{docx.MAX_RATIO}:1"),
        ("loaders/docx.py", "real inflated size vs. header", "must not exceed the declared size"),
        ("loaders/html.py", "markup characters '<'", f"{html.MAX_TAGS:,}"),
        ("pipeline.py", "provisions per document", f"{pipeline.MAX_PROVISIONS:,}"),
        ("pipeline.py", "chunks per document", f"{pipeline.MAX_CHUNKS:,}"),
    ]


# --- fuzzing -------------------------------------------------------------------------------------


@dataclass
class FuzzSummary:
    """Outcome counts of a fuzz run."""

    files: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    crashes: list[str] = field(default_factory=list)
    max_seconds: float = 0.0
    slowest: str = ""
    rss_growth_mb: float = 0.0


def _bases() -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {suffix: [] for suffix in SUFFIXES}
    for path in sorted(SAMPLES.glob("sample*")):
        if path.suffix in found:
            found[path.suffix].append(path.read_bytes())
    return found


def fuzz_one(path: Path) -> str:
    """Load, parse and chunk one file; the outcome name (or raise on a broken property)."""
    try:
        source = load_file(path)
        doc = parse_document(source, sha256="0" * 64)
    except AssistantError as exc:
        if not (exc.message and exc.hint):
            raise AssertionError(f"error without message or hint: {exc!r}") from exc
        return type(exc).__name__
    ids = [chunk.chunk_id for chunk in chunk_document(doc, max_chars=1200)]
    if len(ids) != len(set(ids)):
        raise AssertionError("duplicate chunk ids")
    return "parsed"


def fuzz(count: int, folder: Path, seed: int = 20261127) -> FuzzSummary:
    """``count`` files: random bytes, samples of any format under any suffix, mutated 0–8 times."""
    rng, bases, summary = random.Random(seed), _bases(), FuzzSummary()
    everything = [data for datas in bases.values() for data in datas]
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for number in range(count):
        suffix = rng.choice(SUFFIXES)
        roll = rng.random()
        if roll < 0.2:
            data = rng.randbytes(rng.randrange(1, 8192))
        else:
            data = rng.choice(bases[suffix] if roll < 0.9 else everything)
        data = mutate(data, rng.randrange(2**32), rng.randrange(9))
        path = folder / f"fuzz-{number % 50}{suffix}"
        path.write_bytes(data)
        started = time.perf_counter()
        try:
            outcome = fuzz_one(path)
        except Exception as exc:  # a crash: keep going and report it
            outcome = "crash"
            summary.crashes.append(f"{suffix} seed {seed}/{number}: {type(exc).__name__}: {exc}"[:200])
        took = time.perf_counter() - started
        if took > summary.max_seconds:
            summary.max_seconds, summary.slowest = took, f"{suffix} #{number}"
        summary.files += 1
        summary.outcomes[outcome] += 1
    summary.rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start_rss) / 1024
    return summary


# --- report --------------------------------------------------------------------------------------


def _cell(text: str, width: int = 70) -> str:
    text = text.replace("|", "｜").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def render(rows: list[tuple[hostile.Case, int, hostile.Measurement]], fz: FuzzSummary, seconds: float) -> str:
    measured = [m for _, _, m in rows]
    crashes = [m for m in measured if m.status in ("crash", "timeout")]
    wrong = [c.name for c, _, m in rows if m.status not in {"rejected": ("rejected",), "indexed": ("indexed",),
                                                            "either": ("rejected", "indexed")}[c.expect]]
    slowest = max(measured, key=lambda m: m.cpu_s)
    hungriest = max(measured, key=lambda m: m.rss_mb)
    lines = [
        "# 坏文件与恶意文件加固 / Hostile-file hardening",
        "",
        f"Generated by `evals/hardening_files.py` on {time.strftime('%Y-%m-%d %H:%M')} "
        f"({platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}); total run {seconds:.0f} s.",
        "Each file runs through `process_file` (load → parse → chunk → tokenize) in a forked child; "
        "CPU time is user+system of the child, memory is the growth of its peak RSS over its start.",
        "",
        "## Summary",
        "",
        "| figure | value |",
        "| --- | ---: |",
        f"| hostile files tried | {len(rows)} |",
        f"| rejected with a message and a hint | {sum(m.status == 'rejected' for m in measured)} |",
        f"| indexed (valid despite the shape) | {sum(m.status == 'indexed' for m in measured)} |",
        f"| crashes / timeouts | {len(crashes)} |",
        f"| verdict other than expected | {len(wrong)} |",
        f"| max CPU time per file | {slowest.cpu_s:.2f} s ({slowest.name}) |",
        f"| max wall time per file | {max(m.wall_s for m in measured):.2f} s |",
        f"| max peak-RSS growth per file | {hungriest.rss_mb:.0f} MB ({hungriest.name}) |",
        f"| fuzzed files (random / mutated, 5 formats) | {fz.files:,} |",
        f"| fuzz crashes (non-AssistantError) | {len(fz.crashes)} |",
        f"| fuzz max time per file | {fz.max_seconds:.2f} s |",
        "",
        "## Per file",
        "",
        "| file | what | size | verdict | message | CPU s | wall s | RSS +MB |",
        "| --- | --- | ---: | --- | --- | ---: | ---: | ---: |",
    ]
    for case, size, m in rows:
        size_text = f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"
        verdict = m.status if m.status != "indexed" else f"indexed ({m.chunks} chunks)"
        lines.append(f"| `{case.name}` | {_cell(case.what, 40)} | {size_text} | {verdict} | {_cell(m.message)} | "
                     f"{m.cpu_s:.2f} | {m.wall_s:.2f} | {m.rss_mb:.0f} |")
    lines += ["", "## Limits", "", "| where (assistant/ingest/) | limit | value |", "| --- | --- | ---: |"]
    lines += [f"| `{where}` | {what} | {value} |" for where, what, value in limits()]
    lines += ["", "## Fuzz run", "",
              f"{fz.files:,} files (20 % random bytes, 70 % mutated samples of the suffix's format, 10 % samples "
              "of another format), 0–8 byte edits each (flip, delete, insert, truncate, duplicate); "
              f"peak RSS growth {fz.rss_growth_mb:.0f} MB; slowest {fz.slowest} ({fz.max_seconds:.2f} s).", "",
              "| outcome | files |", "| --- | ---: |"]
    lines += [f"| {outcome} | {count:,} |" for outcome, count in fz.outcomes.most_common()]
    if fz.crashes:
        lines += ["", "Crashes:", ""] + [f"- {_cell(crash, 200)}" for crash in fz.crashes[:20]]
    if wrong:
        lines += ["", "Unexpected verdicts: " + ", ".join(wrong)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fuzz", type=int, default=2000, help="number of fuzzed files (0: none)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a child is killed")
    parser.add_argument("--out", type=Path, default=ROOT / "evals" / "reports" / "hardening_files.md")
    args = parser.parse_args()
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # broken PDFs make pypdf chatty
    started = time.perf_counter()
    hostile.warm_up()
    rows: list[tuple[hostile.Case, int, hostile.Measurement]] = []
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        folder = Path(tmp)
        for case in hostile.CASES:
            path = hostile.make(case, folder)
            if path is None:
                print(f"skip {case.name}: ../shared/corpus/bad not present", file=sys.stderr)
                continue
            result = hostile.measure(path, timeout=args.timeout)
            rows.append((case, path.stat().st_size, result))
            print(f"{case.name:34} {result.status:9} cpu {result.cpu_s:6.2f}s  rss +{result.rss_mb:5.0f} MB  "
                  f"{result.message[:60]}", flush=True)
            path.unlink()
        fuzz_dir = folder / "fuzz"
        fuzz_dir.mkdir()
        summary = fuzz(args.fuzz, fuzz_dir)
    print(f"fuzz: {summary.files} files, {dict(summary.outcomes)}, crashes {len(summary.crashes)}")
    report = render(rows, summary, time.perf_counter() - started)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
