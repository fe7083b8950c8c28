"""The spine end to end on tiny original fixtures: ingest → status → show → ask, incremental and atomic."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.answering.service import Assistant
from assistant.cli import main
from assistant.errors import IndexStoreError, NotFoundError

DATA = Path(__file__).parent / "data" / "spine"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for f in DATA.iterdir():
        shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture(scope="module")
def index(tmp_path_factory, corpus) -> Path:
    index_dir = tmp_path_factory.mktemp("index")
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--index", str(index_dir), "--quiet"])
    assert result.exit_code == 0, result.output
    return index_dir


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_status_lists_documents_and_versions(index):
    info = json.loads(run("status", "--index", str(index), "--json").output)
    docs = {(d["short_title"], d["version"]): d for d in info["documents"]}
    assert docs[("示例社区服务条例", "2023-06-01")]["articles"] == 6
    assert docs[("示例社区服务条例", "2023-06-01")]["current"] is True
    assert docs[("示例社区服务条例", "2020-05-01")]["current"] is False
    assert docs[("示例邻里调解办法", "2021-03-01")]["articles"] == 4  # GB18030 text
    assert info["embedder"] and info["chunks"] == 6 + 5 + 4


def test_show_current_and_older_version(index):
    current = run("show", "示例社区服务条例", "第4条", "--index", str(index))
    assert "五日内" in current.output and "七日内" not in current.output
    old = run("show", "示例社区服务条例", "第四条", "--version", "2020", "--index", str(index))
    assert "七日内" in old.output
    missing = run("show", "示例社区服务条例", "第99条", "--index", str(index))
    assert missing.exit_code == 2 and "第九十九条" in missing.output


def test_ask_json_schema_and_verbatim_text(index):
    out = run("ask", "经济困难付不起服务费怎么办", "--json", "--index", str(index))
    answer = json.loads(out.output)
    assert set(answer) >= {"question", "found", "answer", "citations"}
    assert answer["found"] is True
    top = answer["citations"][0]
    assert set(top) == {"title", "short_title", "version", "article", "article_no", "chapter", "text", "score"}
    stored = Assistant(index_dir=index).show(top["short_title"], top["article"], top["version"])
    assert top["text"] == stored.text


def test_ask_lookup_and_missing_article(index):
    hit = json.loads(run("ask", "示例社区服务条例第三条", "--json", "--index", str(index)).output)
    assert hit["found"] and hit["citations"][0]["article_no"] == 3
    assert "残疾人" in hit["citations"][0]["text"]  # current version by default
    miss = json.loads(run("ask", "示例社区服务条例第九十九条", "--json", "--index", str(index)).output)
    assert miss["found"] is False and "未在已载入的文件中找到" in miss["answer"]


def test_ask_batch_keeps_ids(index, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a1", "question": "邻居漏水纠纷找谁调解"}\n{"id": 7, "question": "今天天气"}\n',
                     encoding="utf-8")
    lines = run("ask", "--batch", str(batch), "--json", "--index", str(index)).output.strip().splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["a1", "7"]


def test_reingest_unchanged_embeds_nothing(index, corpus):
    report = Assistant(index_dir=index).ingest([corpus], progress=False)
    assert report.embedded == 0 and not report.published
    assert {r.status for r in report.results} == {"unchanged"}


def test_changed_removed_and_bad_files(tmp_path, corpus):
    folder = tmp_path / "c"
    shutil.copytree(corpus, folder)
    bot = Assistant(index_dir=tmp_path / "idx")
    bot.ingest([folder], progress=False)
    doc = folder / "示例社区服务条例(2023-06-01).md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n第七条 本条例由示例市民政局负责解释。\n", encoding="utf-8")
    (folder / "示例邻里调解办法.txt").unlink()
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>")
    (folder / "empty.txt").write_bytes(b"")
    report = bot.ingest([folder], progress=False)
    status = {Path(r.path).name: r for r in report.results}
    assert status["示例社区服务条例(2023-06-01).md"].status == "indexed"
    assert status["示例邻里调解办法.txt"].status == "removed"
    assert status["broken.pdf"].status == "rejected" and status["broken.pdf"].message
    assert status["empty.txt"].status == "rejected" and "空" in status["empty.txt"].message
    assert 0 < report.embedded <= 2
    assert bot.show("示例社区服务条例", "第7条").text.endswith("负责解释。")
    with pytest.raises(NotFoundError):
        bot.show("示例邻里调解办法", "第一条")


def test_interrupted_ingest_keeps_previous_index(tmp_path, corpus, monkeypatch):
    bot = Assistant(index_dir=tmp_path / "idx")
    bot.ingest([corpus], progress=False)
    before = bot.ask("经济困难付不起服务费怎么办").to_json()
    extra = tmp_path / "new.md"
    extra.write_text("# 新办法\n\n<!-- INFO END -->\n\n第一条 新办法的第一条。\n", encoding="utf-8")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("assistant.indexing.build.LexicalIndex.build", crash)
    with pytest.raises(KeyboardInterrupt):
        bot.ingest([corpus, extra], progress=False)
    monkeypatch.undo()
    fresh = Assistant(index_dir=tmp_path / "idx")
    assert fresh.ask("经济困难付不起服务费怎么办").to_json() == before
    assert fresh.ingest([corpus, extra], progress=False).published


def test_index_refuses_other_embedder(index, monkeypatch):
    built_with = Assistant(index_dir=index).status()["embedder"]
    other = "use" if built_with != "use-multilingual-v3" else "static"
    monkeypatch.setenv("ASSISTANT_EMBEDDER_NAME", other)
    with pytest.raises(IndexStoreError) as err:
        Assistant(index_dir=index).ask("服务费")
    assert "重新运行 assistant ingest" in str(err.value) and str(built_with) in str(err.value)
