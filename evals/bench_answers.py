"""Answer-level benchmark on the dev set: points covered, citation precision, abstain correctness, latency.

    .venv/bin/python evals/bench_answers.py --index /tmp/answers-index [--limit 50]

Runs the extractive answerer always, and the generative one when ``ASSISTANT_LLM_BASE_URL`` is set
(skipped otherwise). Answers are consumed through ``Assistant.stream`` so the time to the first
text piece is measured. Writes evals/reports/answers.md (a benchmark, not a test).

Metrics (answerable = items with gold; abstain = items without):
- answered: share of answerable items with ``found=True``;
- points: share of gold "points" phrases that appear in the answer text (NFKC, whitespace ignored);
- citation precision: cited provisions that are gold / all cited provisions (answerable, answered);
  extractive cites what it quotes, the generative answerer what its [n] markers point to;
- gold cited: share of answered items citing at least one gold provision;
- abstain correct: share of abstain items answered with ``found=False``.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answering.service import Assistant  # noqa: E402
from assistant.answering.verify import cited_numbers  # noqa: E402
from assistant.config import load_settings  # noqa: E402
from assistant.types import Answer, Citation  # noqa: E402

DEVSET = ROOT / "evals" / "devset.jsonl"
REPORT = ROOT / "evals" / "reports" / "answers.md"
NOTES = [
    "- Extractive answers quote up to 3 ranked provisions (lookups quote exactly the asked article),",
    "  while most gold sets have one article, so its citation precision is bounded well below 1;",
    "  *gold cited* says how often the right provision is among them.",
    "- Extractive text is complete before its first piece is streamed: its TTFT is the retrieval time.",
    "  For an LLM, TTFT is retrieval plus the endpoint's time to its first token.",
    "- *points* counts gold phrases in the answer text only; an LLM that paraphrases scores lower",
    "  than one that quotes, although the user also sees the cited provisions rendered from the store.",
]


@dataclass
class Row:
    """One answered dev item."""

    id: str
    type: str
    abstain: bool
    found: bool
    points: tuple[int, int]  # covered, total
    cited: tuple[int, int]  # gold among cited, cited
    ttft: float
    total: float
    notices: list[str] = field(default_factory=list)


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def is_gold(c: Citation, gold: list[dict]) -> bool:
    for g in gold:
        if g["doc"] != c.short_title:
            continue
        if "section" in g and (c.article == g["section"] or c.article.startswith(g["section"])):
            return True
        if g.get("article") == c.article_no and (not g.get("version") or g["version"] == c.version):
            return True
    return False


def cited(answer: Answer, generative: bool) -> list[Citation]:
    if not answer.found:
        return []
    if not generative:
        return list(answer.citations)
    return [answer.citations[n - 1] for n in cited_numbers(answer.text, len(answer.citations))]


def run_item(bot: Assistant, item: dict, generative: bool) -> Row:
    start = time.perf_counter()
    first = 0.0
    answer: Answer | None = None
    for piece in bot.stream(item["question"]):
        if isinstance(piece, Answer):
            answer = piece
        elif not first:
            first = time.perf_counter() - start
    total = time.perf_counter() - start
    assert answer is not None
    text = norm(answer.text)
    points = item.get("points", [])
    covered = sum(1 for p in points if norm(p) in text) if answer.found else 0
    refs = cited(answer, generative)
    good = sum(1 for c in refs if is_gold(c, item["gold"]))
    return Row(item["id"], item["type"], not item["gold"], answer.found, (covered, len(points)),
               (good, len(refs)), first or total, total, list(answer.notices))


def ratio(num: float, den: float) -> str:
    return f"{num / den:.3f}" if den else "–"


def summary(rows: list[Row]) -> dict[str, str]:
    answerable = [r for r in rows if not r.abstain]
    answered = [r for r in answerable if r.found]
    abstain = [r for r in rows if r.abstain]
    ttft = sorted(r.ttft for r in rows) or [0.0]
    return {
        "items": str(len(rows)),
        "answered": ratio(len(answered), len(answerable)),
        "points": ratio(sum(r.points[0] for r in answerable), sum(r.points[1] for r in answerable)),
        "citation precision": ratio(sum(r.cited[0] for r in answered), sum(r.cited[1] for r in answered)),
        "gold cited": ratio(sum(1 for r in answered if r.cited[0]), len(answered)),
        "abstain correct": ratio(sum(1 for r in abstain if not r.found), len(abstain)),
        "TTFT median (s)": f"{statistics.median(ttft):.3f}",
        "TTFT p90 (s)": f"{ttft[int(0.9 * (len(ttft) - 1))]:.3f}",
        "answer median (s)": f"{statistics.median([r.total for r in rows] or [0.0]):.3f}",
    }


def table(rows: list[Row]) -> str:
    types = sorted({r.type for r in rows})
    groups = [("all", rows)] + [(t, [r for r in rows if r.type == t]) for t in types]
    stats = [(name, summary(group)) for name, group in groups]
    keys = list(stats[0][1])
    head = "| metric | " + " | ".join(name for name, _ in stats) + " |"
    rule = "|---|" + "---:|" * len(stats)
    body = [f"| {k} | " + " | ".join(s[k] for _, s in stats) + " |" for k in keys]
    return "\n".join([head, rule, *body])


def run_mode(bot: Assistant, items: list[dict], generative: bool) -> list[Row]:
    rows = []
    for n, item in enumerate(items, 1):
        rows.append(run_item(bot, item, generative))
        if n % 25 == 0:
            print(f"  {n}/{len(items)}", file=sys.stderr)
    return rows


def fallbacks(rows: list[Row]) -> int:
    return sum(1 for r in rows if any(n.startswith("大模型服务不可用") for n in r.notices))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", required=True, help="index folder built over ../shared/corpus/study")
    parser.add_argument("--devset", default=str(DEVSET))
    parser.add_argument("--limit", type=int, default=0, help="first N items only")
    parser.add_argument("--report", default=str(REPORT))
    args = parser.parse_args()
    items = [json.loads(x) for x in Path(args.devset).read_text(encoding="utf-8").splitlines() if x.strip()]
    items = items[: args.limit] if args.limit else items
    bot = Assistant(load_settings(llm={"base_url": ""}), index_dir=Path(args.index))
    bot.searcher()  # load once before timing
    sections = [("extractive", bot.embedder.fingerprint, table(run_mode(bot, items, False)), "")]
    if os.environ.get("ASSISTANT_LLM_BASE_URL"):
        llm_bot = copy.copy(bot)  # shares embedder and stores; only the LLM settings differ
        llm_bot.settings = load_settings()
        rows = run_mode(llm_bot, items, True)
        note = f"model `{llm_bot.settings.llm.model}`; fallbacks to extractive: {fallbacks(rows)}"
        sections.append(("generative", llm_bot.settings.llm.base_url, table(rows), note))
    write_report(Path(args.report), args, len(items), sections)


def write_report(path: Path, args: argparse.Namespace, count: int,
                 sections: list[tuple[str, str, str, str]]) -> None:
    lines = [f"# Answer benchmark ({time.strftime('%Y-%m-%d %H:%M')})", "",
             f"Dev set `{Path(args.devset).name}`, {count} items; index `{args.index}`.",
             "Produced by `evals/bench_answers.py`; metric definitions are in its docstring.", ""]
    for name, backend, body, note in sections:
        lines += [f"## {name} ({backend})", "", body, ""] + ([note, ""] if note else [])
    if len(sections) == 1:
        lines += ["## generative", "", "Skipped: ASSISTANT_LLM_BASE_URL is not set.", ""]
    lines += ["## Reading the numbers", "", *NOTES, ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
