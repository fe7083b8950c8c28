"""The evaluator end to end over the tiny fixture index: configurations, reports, --check."""

import json

import pytest
from click.testing import CliRunner

from assistant.evaluation.commands import eval_command
from assistant.evaluation.langchain_baseline import map_back
from assistant.evaluation.retrieval import Unit
from assistant.indexing.embedders import embedders

QUESTIONS = [
    {"id": "t1", "type": "lookup", "question": "邻里互助法第三条", "gold": [{"doc": "邻里互助法", "article": 3}]},
    {"id": "t2", "type": "paraphrase", "question": "志愿者要保守哪些秘密？",
     "gold": [{"doc": "邻里互助法", "article": 5}]},
    {"id": "t3", "type": "version", "question": "2019年版互助站几日内安排志愿者上门？",
     "gold": [{"doc": "邻里互助法", "article": 4, "version": "2019-05-01"}]},
    {"id": "t4", "type": "speech", "question": "发言材料里智慧政法平台要推进哪些工程？",
     "gold": [{"doc": "示范区政法工作研讨发言材料", "section": "二、"}]},
    {"id": "t5", "type": "abstain", "question": "邻里互助法第九十九条", "gold": []},
    {"id": "t6", "type": "abstain", "question": "数据安全法对数据分类分级保护是怎么要求的？", "gold": []},
]


@pytest.fixture
def env(monkeypatch, tmp_path, eval_index, bigram_embedder_class):
    embedders.register("test-bigram")(lambda **_: bigram_embedder_class())
    monkeypatch.setenv("ASSISTANT_EMBEDDER_NAME", "test-bigram")
    devset = tmp_path / "dev.jsonl"
    devset.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS), encoding="utf-8")
    return tmp_path, devset, eval_index


def run(env, *extra):
    tmp, devset, index = env
    args = ["--index", str(index), "--devset", str(devset), "--out", str(tmp / "reports"),
            "--expected", str(tmp / "expected.json"), "--configs", "system,bm25,dense,rrf", "--no-timing", *extra]
    return CliRunner().invoke(eval_command, args, catch_exceptions=False)


def test_eval_writes_reports_and_checks(env):
    tmp = env[0]
    result = run(env, "--pin")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp / "reports" / "retrieval.json").read_text(encoding="utf-8"))
    assert set(report) == {"system", "bm25", "dense", "rrf"}
    system = report["system"]["metrics"]
    assert system["lookup_acc"] == 1.0 and system["abstain_f1"] == 1.0 and system["hit@5"] == 1.0
    assert report["bm25"]["metrics"]["abstain_recall"] == 0.0  # baselines never abstain
    assert "| system |" in (tmp / "reports" / "retrieval.md").read_text(encoding="utf-8")
    assert (tmp / "reports" / "retrieval.png").read_bytes()[:4] == b"\x89PNG"
    assert run(env, "--check").exit_code == 0
    expected = json.loads((tmp / "expected.json").read_text(encoding="utf-8"))
    expected["configs"]["system"]["mrr"] = 1.5
    (tmp / "expected.json").write_text(json.dumps(expected), encoding="utf-8")
    failed = run(env, "--check")
    assert failed.exit_code == 1 and "mrr" in failed.output


def test_langchain_hits_map_back_to_articles():
    units = [(Unit("甲法", 1, "第一条"), "第一条总则内容。"),
             (Unit("甲法", 2, "第二条"), "第二条第二条的内容较长一些。")]
    assert map_back("总则内容", units) == [Unit("甲法", 1, "第一条")]
    assert map_back("第一条　总则内容。\n第二条　第二条的内容较长一些。", units) == [u for u, _ in units]
    assert map_back("无关", units) == []
