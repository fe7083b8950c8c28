"""Acceptance checks of the spine over the real study corpus (skipped when ../shared is absent)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.answering.service import Assistant
from assistant.cli import main
from assistant.indexing.reader import IndexReader

pytestmark = pytest.mark.slow
JUNK = re.compile(
    r"ICP备|公网安备|备案号|版权所有|分享到|上一篇|下一篇|首页\s*>|—\s*\d+\s*—|网站地图|联系我们|主办单位"
)


def test_article_counts_match_manifest(study_index: Path, shared_corpus: Path):
    manifest = json.loads((shared_corpus / "study" / "MANIFEST.json").read_text(encoding="utf-8"))
    expected = {f["file"]: f["articles"] for f in manifest["files"]}
    info = Assistant(index_dir=study_index).status()
    got = {Path(str(d["path"])).name: d["articles"] for d in info["documents"]}  # type: ignore[union-attr]
    assert got == expected
    assert got["中华人民共和国刑事诉讼法(2018-10-26).md"] == 308


def test_no_page_furniture_or_site_chrome_in_chunks(study_index: Path):
    reader = IndexReader(study_index)
    dirty = [c.chunk_id for c in reader.chunks.values() if JUNK.search(c.text)]
    assert dirty == []
    assert reader.provision(reader.find_documents("刑事诉讼法")[0].doc_id, "第一百二十八条")


def test_show_supervision_law_versions(study_index: Path):
    out = CliRunner().invoke(main, ["show", "监察法", "第22条", "--index", str(study_index)])
    assert "询问证人" in out.output
    old = CliRunner().invoke(main, ["show", "监察法", "第22条", "--version", "2018", "--index", str(study_index)])
    assert "留置" in old.output and "询问证人" not in old.output


def test_unchanged_reingest_embeds_nothing(study_index: Path, shared_corpus: Path):
    report = Assistant(index_dir=study_index).ingest([shared_corpus / "study"], progress=False)
    assert report.embedded == 0 and not report.published


def test_bad_corpus_with_one_good_file(tmp_path: Path, shared_corpus: Path):
    good = shared_corpus / "study" / "中华人民共和国律师法(2017-09-01).md"
    out = CliRunner().invoke(main, ["ingest", str(shared_corpus / "bad"), str(good), "--index", str(tmp_path),
                                    "--quiet"])
    assert out.exit_code == 1
    bad_names = sorted(p.name for p in (shared_corpus / "bad").iterdir())
    lines = out.output.splitlines()
    for name in bad_names:
        if name == "utf16le-no-bom.txt":
            continue  # may be decoded correctly as UTF-16
        line = next((x for x in lines if name in x), "")
        assert line.startswith("✗") and "处理办法" in line, (name, line)
    assert any("律师法" in x and "已入库" in x for x in lines)
