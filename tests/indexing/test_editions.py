"""One law in one version is indexed once, whichever files carry it (a PDF and a DOCX of the same text)."""

from __future__ import annotations

from pathlib import Path

from assistant.answering.service import Assistant
from assistant.config import load_settings

SPINE = Path(__file__).resolve().parents[1] / "data" / "spine"
LAW = "示例社区服务条例(2023-06-01).md"


def app_for(index: Path) -> Assistant:
    return Assistant(load_settings(index={"dir": str(index)}, embedder={"name": "static"}))


def twin_of(source: Path, target: Path) -> Path:
    """The same law with other bytes (CRLF line ends, as a .txt saved on Windows)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    return target


def test_second_file_of_the_same_edition_is_skipped_with_a_reason(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / LAW).write_bytes((SPINE / LAW).read_bytes())
    twin = twin_of(SPINE / LAW, corpus / "示例社区服务条例（另存）.txt")  # sorts after LAW
    app = app_for(tmp_path / "index")
    report = app.ingest([corpus], progress=False)
    by_path = {Path(r.path).name: r for r in report.results}
    assert by_path[LAW].status == "indexed"
    assert by_path[twin.name].status == "duplicate" and LAW in by_path[twin.name].message
    assert report.documents == 1
    hits = app.searcher().search("社区服务", k=10).hits
    assert len({(h.chunk.short_title, h.chunk.article) for h in hits}) == len(hits)  # no article twice


def test_a_twin_in_another_folder_does_not_displace_the_indexed_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    (first / LAW).write_bytes((SPINE / LAW).read_bytes())
    app = app_for(tmp_path / "index")
    app.ingest([first], progress=False)
    twin = twin_of(SPINE / LAW, second / "条例.txt")
    report = app.ingest([second], progress=False)
    assert [r.status for r in report.results if r.path == str(twin)] == ["duplicate"]
    assert report.documents == 1 and [d["path"] for d in app.status()["documents"]] == [str(first / LAW)]


def test_parts_of_one_code_under_one_title_are_all_indexed(tmp_path: Path) -> None:
    """The 民法典 comes as book files sharing title and date: different articles, so not duplicates."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    head = "# 中华人民共和国示例法典\n\n2020年5月28日 通过\n\n<!-- INFO END -->\n\n"
    (corpus / "第一编.md").write_text(head + "第一条 总则规定。\n\n第二条 适用范围。\n", encoding="utf-8")
    (corpus / "第二编.md").write_text(head + "第三条 物权规定。\n\n第四条 登记。\n\n第五条 善意取得。\n",
                                     encoding="utf-8")
    report = app_for(tmp_path / "index").ingest([corpus], progress=False)
    assert [r.status for r in report.results] == ["indexed", "indexed"] and report.documents == 2
