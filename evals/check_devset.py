#!/usr/bin/env python3
"""Validate evals/devset.jsonl against the study corpus.

Standalone, standard library only. Reads the corpus from <repo_root>/../shared
(i.e. /work/shared when the repo is /work/main); override with --shared DIR or
the DEVSET_SHARED environment variable.

Checks, for every record:
  * schema: id / type / question / gold / need_all / points, ids q001.. in order,
    known type, no duplicate questions;
  * abstain records have gold == [] and points == [];
  * every gold law item names a MANIFEST short_title, an article that exists
    (1 <= article <= article count of that law), and a version (YYYY-MM-DD)
    that is one of that law's MANIFEST dates; a law present in several versions
    (监察法) must carry an explicit version, and a question that names no year
    must use the current (latest) version;
  * every speech item names a real section label ("一、", "二、（六）" ...);
  * every point occurs (after NFKC + whitespace removal) in the text of at least
    one gold article / section;
  * lookup questions: the article number written in the question ("第三十一条",
    "第31条", "第 二十五 条") is among the gold articles;
  * minimum count per type.

Article text = from the line starting "第X条" up to the next article line, taken
from the Markdown source (study/*.md as is; for PDF/DOCX/HTML/TXT files the
identical Markdown in lawlib/, located through MANIFEST "source").

Exit status 0 when everything passes, 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO_ROOT.parent / "shared"
DEVSET = Path(__file__).resolve().parent / "devset.jsonl"

SPEECH_SHORT = "研讨交流发言材料"
MIN_COUNTS = {
    "lookup": 35,
    "paraphrase": 50,
    "scenario": 45,
    "multi": 20,
    "version": 15,
    "speech": 15,
    "abstain": 30,
}
MIN_TOTAL = 230
MIN_PARAPHRASE_PER_LAW = 2

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "零〇一二两三四五六七八九十百千"


def cn2int(s: str) -> int:
    s = s.strip()
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            cur = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (cur or 1) * CN_UNITS[ch]
            cur = 0
    return total + cur


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"\s+", "", s)


# ---------------------------------------------------------------- corpus ----
# "第X条" at line start; tolerates the malformed "第一百二十八 条侦查人员" heading.
ARTICLE_HEAD = re.compile(r"^第([" + CN_NUM + r"]+)\s*条")


def parse_articles(path: Path) -> dict[int, str]:
    """Article number -> text (heading line through the line before the next
    article heading). A heading is accepted only if it is the next number in
    sequence, so cross-references at line start cannot split an article."""
    arts: dict[int, list[str]] = {}
    cur = 0
    with path.open(encoding="utf-8-sig") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n")
            m = ARTICLE_HEAD.match(line)
            if m and cn2int(m.group(1)) == cur + 1:
                cur += 1
                arts[cur] = [line]
                continue
            if line.startswith("#") or line.startswith("<!--"):
                continue  # chapter / section headings belong to no article
            if cur and line.strip():
                arts[cur].append(line)
    return {k: "\n".join(v) for k, v in arts.items()}


TOP_SECTION = re.compile(r"^([一二三四五六七八九十]+)、")
SUB_SECTION = re.compile(r"^（([一二三四五六七八九十]+)）")


def parse_speech(path: Path) -> dict[str, str]:
    """Section label -> text. "一、" covers the whole top-level section
    (including its sub-sections); "二、（六）" covers one sub-section."""
    sections: dict[str, list[str]] = defaultdict(list)
    top = sub = None
    for raw in path.open(encoding="utf-8-sig"):
        line = raw.strip()
        if not line:
            continue
        m = TOP_SECTION.match(line)
        if m:
            top, sub = m.group(1) + "、", None
        elif top and SUB_SECTION.match(line):
            sub = top + "（" + SUB_SECTION.match(line).group(1) + "）"
        if top:
            sections[top].append(line)
        if sub:
            sections[sub].append(line)
    return {k: "\n".join(v) for k, v in sections.items()}


def find_lawlib_copy(lawlib: Path, title: str, date: str) -> Path | None:
    for p in lawlib.rglob("*.md"):
        if date and f"({date})" not in p.name:
            continue
        try:
            with p.open(encoding="utf-8") as fh:
                first = fh.readline().strip()
        except (OSError, UnicodeDecodeError):
            continue
        if first == f"# {title}":
            return p
    return None


def load_corpus(shared: Path):
    study = shared / "corpus" / "study"
    lawlib = shared / "corpus" / "lawlib"
    manifest = json.loads((study / "MANIFEST.json").read_text(encoding="utf-8"))
    laws: dict[tuple[str, str], dict[int, str]] = {}
    versions: dict[str, list[str]] = defaultdict(list)
    speech: dict[str, str] = {}
    problems: list[str] = []
    for f in manifest["files"]:
        short, date = f["short_title"], f.get("date")
        if short == SPEECH_SHORT:
            speech = parse_speech(study / f["file"])
            continue
        if f["format"] == "md":
            src = study / f["file"]
        else:
            src = None
            source = f.get("source", "")
            if ":" in source:
                cand = lawlib / source.split(":", 1)[1]
                if cand.exists():
                    src = cand
            if src is None:
                src = find_lawlib_copy(lawlib, f["title"], date)
        if src is None or not src.exists():
            problems.append(f"no Markdown source found for {f['file']}")
            continue
        arts = parse_articles(src)
        expected = f.get("articles")
        if expected and (len(arts) != expected or max(arts) != expected):
            problems.append(f"{short}({date}): parsed {len(arts)} articles, "
                            f"MANIFEST says {expected}")
        laws[(short, date)] = arts
        versions[short].append(date)
    for short in versions:
        versions[short].sort()
    return laws, dict(versions), speech, problems


# ---------------------------------------------------------------- checks ----
ARTICLE_IN_QUESTION = re.compile(r"第\s*([" + CN_NUM + r"0-9０-９\s]+?)\s*条")
YEAR = re.compile(r"(19|20)\d{2}")


def check(devset: Path, shared: Path) -> int:  # noqa: C901  # one flat list of dev-set rules, read top to bottom
    laws, versions, speech, problems = load_corpus(shared)
    errors: list[str] = list(problems)
    types = Counter()
    para_per_law = Counter()
    seen_questions: dict[str, str] = {}
    records = []
    with devset.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                records.append((lineno, json.loads(raw)))
            except json.JSONDecodeError as e:
                errors.append(f"line {lineno}: invalid JSON: {e}")

    for idx, (lineno, r) in enumerate(records, 1):
        rid = r.get("id", f"line{lineno}")
        where = f"{rid}"
        def err(msg: str, where: str = where) -> None:
            errors.append(f"{where}: {msg}")

        keys = {"id", "type", "question", "gold", "need_all", "points"}
        if set(r) != keys:
            err(f"keys {sorted(r)} != {sorted(keys)}")
            continue
        if rid != f"q{idx:03d}":
            err(f"id out of order, expected q{idx:03d}")
        t = r["type"]
        if t not in MIN_COUNTS:
            err(f"unknown type {t!r}")
        types[t] += 1
        q = r["question"]
        if not isinstance(q, str) or not q.strip():
            err("empty question")
            continue
        nq = norm(q)
        if nq in seen_questions:
            err(f"duplicate question (also {seen_questions[nq]})")
        seen_questions[nq] = rid
        if not isinstance(r["need_all"], bool):
            err("need_all must be a bool")
        gold, points = r["gold"], r["points"]
        if not isinstance(gold, list) or not isinstance(points, list):
            err("gold and points must be lists")
            continue

        if t == "abstain":
            if gold or points:
                err("abstain must have gold [] and points []")
            if r["need_all"]:
                err("abstain must have need_all false")
            continue
        if not gold:
            err("non-abstain question without gold")
            continue
        if not points:
            err("non-abstain question without points")
        if r["need_all"] and len(gold) < 2:
            err("need_all true but fewer than 2 gold items")
        if t == "multi" and not r["need_all"]:
            err("multi questions must have need_all true")

        texts: list[str] = []
        gold_articles: set[int] = set()
        years_in_q = set(m.group(0) for m in YEAR.finditer(q))
        for g in gold:
            doc = g.get("doc")
            if doc == SPEECH_SHORT:
                if set(g) != {"doc", "section"}:
                    err(f"speech gold item must be doc+section: {g}")
                    continue
                sec = g["section"]
                if sec not in speech:
                    err(f"speech section {sec!r} not found "
                        f"(have {sorted(speech)})")
                    continue
                texts.append(speech[sec])
                continue
            if t == "speech":
                err("speech question with a law gold item")
            if doc not in versions:
                err(f"unknown doc {doc!r} (not a MANIFEST short_title)")
                continue
            extra = set(g) - {"doc", "article", "version"}
            if extra or "article" not in g:
                err(f"bad gold item {g}")
                continue
            art = g["article"]
            if not isinstance(art, int) or isinstance(art, bool):
                err(f"article must be an int: {g}")
                continue
            ver = g.get("version")
            if ver is None:
                if len(versions[doc]) > 1:
                    err(f"{doc} exists in versions {versions[doc]}: "
                        f"gold item needs an explicit version")
                    continue
                ver = versions[doc][0]
            elif ver not in versions[doc]:
                err(f"{doc} has no version {ver} (have {versions[doc]})")
                continue
            if len(versions[doc]) > 1 and not years_in_q \
                    and ver != versions[doc][-1]:
                err(f"question names no year, so {doc} gold should be the "
                    f"current version {versions[doc][-1]}, not {ver}")
            if len(versions[doc]) > 1 and years_in_q:
                named = {v for v in versions[doc] if v[:4] in years_in_q}
                used = {gg.get("version") for gg in gold if gg.get("doc") == doc}
                if named and not (named & used):
                    err(f"question names {sorted(years_in_q)} but no {doc} "
                        f"gold item has that version")
            arts = laws[(doc, ver)]
            if art < 1 or art > len(arts) or art not in arts:
                err(f"{doc}({ver}) has no article {art} "
                    f"(last is {len(arts)})")
                continue
            texts.append(arts[art])
            gold_articles.add(art)

        if t == "paraphrase":
            for key in {(g.get("doc"), g.get("version") or
                         (versions.get(g.get("doc"), [None])[-1]))
                        for g in gold if g.get("doc") in versions}:
                para_per_law[key] += 1

        ntexts = [norm(x) for x in texts]
        for p in points:
            if not isinstance(p, str) or not p.strip():
                err(f"empty point {p!r}")
                continue
            if not any(norm(p) in x for x in ntexts):
                err(f"point {p!r} not found in gold text")

        if t == "lookup":
            nums = {cn2int(unicodedata.normalize("NFKC", m.group(1)).replace(" ", ""))
                    for m in ARTICLE_IN_QUESTION.finditer(q)}
            if not nums:
                err("lookup question names no article number")
            elif not nums & gold_articles:
                err(f"lookup asks for article(s) {sorted(nums)} but gold is "
                    f"{sorted(gold_articles)}")

    # ---- totals ----
    total = sum(types.values())
    for t, n in MIN_COUNTS.items():
        if types[t] < n:
            errors.append(f"type {t}: {types[t]} questions, minimum {n}")
    if total < MIN_TOTAL:
        errors.append(f"total {total} < {MIN_TOTAL}")
    for (short, date) in laws:
        if para_per_law[(short, date)] < MIN_PARAPHRASE_PER_LAW:
            errors.append(f"paraphrase coverage: {short}({date}) has "
                          f"{para_per_law[(short, date)]} questions, "
                          f"minimum {MIN_PARAPHRASE_PER_LAW}")

    print(f"devset: {devset}")
    print(f"corpus: {shared / 'corpus'} ({len(laws)} law texts, "
          f"{len(speech)} speech sections)")
    print("counts per type:")
    for t in MIN_COUNTS:
        print(f"  {t:<11}{types[t]:>4}  (min {MIN_COUNTS[t]})")
    print(f"  {'total':<11}{total:>4}  (min {MIN_TOTAL})")
    print("paraphrase questions per law text:")
    for (short, date) in sorted(laws):
        print(f"  {short}({date}): {para_per_law[(short, date)]}")
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nOK: all gold articles exist and all points were found verbatim.")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--devset", type=Path, default=DEVSET)
    ap.add_argument("--shared", type=Path,
                    default=Path(os.environ.get("DEVSET_SHARED", DEFAULT_SHARED)))
    args = ap.parse_args()
    if not (args.shared / "corpus" / "study" / "MANIFEST.json").exists():
        print(f"corpus not found under {args.shared}", file=sys.stderr)
        return 2
    return check(args.devset, args.shared)


if __name__ == "__main__":
    sys.exit(main())
