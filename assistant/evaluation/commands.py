"""``assistant eval``: run the retrieval dev set, write reports, optionally check pinned values."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from assistant.evaluation.check import load_expected, pin, regressions
from assistant.evaluation.devset import DEVSET, ROOT, load_devset
from assistant.evaluation.report import write_reports
from assistant.evaluation.runner import CONFIGS, run_configs

EXPECTED = ROOT / "evals" / "expected.json"
REPORTS = ROOT / "evals" / "reports"
PINNED = ("hit@1", "hit@5", "mrr", "ndcg@10", "recall_all@10", "lookup_acc", "abstain_f1")


def _configs(value: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        raise click.BadParameter(f"未知配置 {', '.join(unknown)}；可选：{', '.join(CONFIGS)}")
    return names


@click.command("eval")
@click.option("--index", "index", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="索引文件夹（默认见 assistant.toml）")
@click.option("--configs", "configs", default=",".join(CONFIGS), show_default=True, help="逗号分隔的配置名")
@click.option("--extra-index", "extra", multiple=True, help="另一个索引作为额外配置，如 static=/tmp/evidx-static")
@click.option("--devset", "devset", type=click.Path(dir_okay=False, path_type=Path), default=DEVSET)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=REPORTS)
@click.option("--expected", "expected", type=click.Path(dir_okay=False, path_type=Path), default=EXPECTED,
              help="预期值文件（默认 evals/expected.json）")
@click.option("--check", is_flag=True, help="与 evals/expected.json 比较，退步则退出码为 1")
@click.option("--pin", "pin_values", is_flag=True, help="把本次结果写入 evals/expected.json")
@click.option("--no-timing", is_flag=True, help="不测延迟（更快）")
def eval_command(index: Path | None, configs: str, extra: tuple[str, ...], devset: Path, out: Path,
                 expected: Path, check: bool, pin_values: bool, no_timing: bool) -> None:
    """检索评测：命中率、MRR、nDCG、查条准确率、拒答 F1、延迟，写入 evals/reports/。"""
    from assistant.config import load_settings

    settings = load_settings()
    index_dir = index or settings.resolve(settings.index.dir)
    names = _configs(configs)
    if check:
        pinned = load_expected(expected).get("configs", {})
        names = [n for n in names if n in pinned]  # type: ignore[operator]
    extras = dict(item.split("=", 1) for item in extra)
    results = run_configs(index_dir, names, load_devset(devset), settings, timing=not no_timing,
                          extra={k: Path(v) for k, v in extras.items()},
                          progress=lambda n: click.echo(f"… {n}", err=True))
    for path in write_reports(results, out, f"index: `{index_dir}`, dev set: `{devset.name}`"):
        click.echo(f"写入 {path}")
    for r in results:
        click.echo(f"{r.name:16s} hit@5 {r.metrics['hit@5']:.3f}  MRR {r.metrics['mrr']:.3f}  "
                   f"lookup {r.metrics['lookup_acc']:.3f}  abstain F1 {r.metrics['abstain_f1']:.3f}  "
                   f"p95 {r.metrics['p95_ms']:.0f} ms")
    if pin_values:
        expected.write_text(json.dumps(pin(results, PINNED), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        click.echo(f"已写入 {expected}")
    if check:
        problems = regressions(results, load_expected(expected))
        for p in problems:
            click.echo(f"退步：{p}", err=True)
        if problems:
            sys.exit(1)
        click.echo("与 evals/expected.json 一致（在容差内）")
