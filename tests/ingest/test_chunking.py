"""Chunking: one chunk per provision, oversize articles split by 款, stable unique ids."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.ingest.chunking import CONTINUED, chunk_document, split_provision
from assistant.ingest.lines import compact
from assistant.ingest.numerals import article_label
from assistant.ingest.structure import parse_document
from assistant.types import Document, Provision, SourceText

DATA = Path(__file__).resolve().parents[1] / "data" / "structure"
ID = re.compile(r"c_[0-9a-f]{16}")


def make_doc(provisions, **kwargs) -> Document:
    fields = {"doc_id": "d000000000000", "path": "x.md", "title": "中华人民共和国示例法",
              "short_title": "示例法", "category": "法律", "version": "2020-01-01", "kind": "law",
              "sha256": "0" * 64}
    return Document(**(fields | kwargs), provisions=tuple(provisions))


def article(number: int, paragraphs: list[str], chapter=("第一章 总则",)) -> Provision:
    label = article_label(number)
    return Provision(kind="article", label=label, number=number, chapter=chapter,
                     text=f"{label}　" + "\n".join(paragraphs), paragraphs=tuple(paragraphs))


def strip_prefix(chunk_text: str, label: str) -> str:
    return chunk_text.removeprefix(f"{label}{CONTINUED}")


def test_fixture_one_chunk_per_provision():
    path = DATA / "示例读书促进法(2020-05-01).md"
    doc = parse_document(SourceText(str(path), path.read_text(encoding="utf-8"), "md"), sha256="a" * 64)
    chunks = chunk_document(doc)
    assert len(chunks) == len(doc.provisions) == 7
    third = chunks[2]
    assert third.text == doc.provisions[2].text
    assert (third.article, third.article_no, third.part, third.kind) == ("第三条", 3, 0, "article")
    assert third.chapter == "第二章 读书设施 / 第一节 图书室"
    assert (third.title, third.short_title, third.category, third.version, third.doc_id) == (
        doc.title, doc.short_title, doc.category, doc.version, doc.doc_id)
    assert third.is_current
    assert all(ID.fullmatch(c.chunk_id) for c in chunks)
    assert chunks[5].article == "第五条之一" and chunks[5].article_no == 5


def test_speech_sections_are_chunks_with_article_no_zero():
    path = DATA / "读书月活动交流发言材料.txt"
    doc = parse_document(SourceText(str(path), path.read_text(encoding="utf-8"), "txt"), sha256="b" * 64)
    chunks = chunk_document(doc)
    assert [c.article for c in chunks][:4] == ["序言", "一、", "二、", "二、（一）"]
    assert {c.article_no for c in chunks} == {0}
    assert chunks[0].kind == "preamble" and chunks[1].kind == "section"
    assert chunks[3].chapter == "二、扎实推进读书活动常态化"


def test_oversize_article_split_by_paragraph():
    paragraphs = [f"第{i}款的内容" + "应当依法办理。" * 40 for i in range(5)]  # ~290 chars each
    doc = make_doc([article(10, paragraphs)])
    chunks = chunk_document(doc, max_chars=700)
    assert len(chunks) > 1
    assert chunks[0].text.startswith("第十条　第0款")
    assert all(c.text.startswith("第十条（续）　") for c in chunks[1:])
    assert [c.part for c in chunks] == list(range(len(chunks)))
    assert all(len(c.text) <= 700 for c in chunks)
    assert all(c.article == "第十条" and c.article_no == 10 for c in chunks)
    joined = "".join(strip_prefix(c.text, "第十条") for c in chunks)
    assert compact(joined) == compact(doc.provisions[0].text)
    # every part is made of whole 款
    for chunk in chunks:
        body = strip_prefix(chunk.text, "第十条").removeprefix("第十条").strip("　")
        assert all(line in paragraphs for line in body.split("\n"))


def test_single_huge_paragraph_is_cut_at_sentences_then_hard():
    sentences = "本款规定的事项由县级以上人民政府负责。" * 30
    unbroken = "无标点长文本" * 200
    doc = make_doc([article(3, [sentences, unbroken])])
    chunks = chunk_document(doc, max_chars=300)
    assert all(len(c.text) <= 300 for c in chunks)
    joined = "".join(strip_prefix(c.text, "第三条") for c in chunks)
    assert compact(joined) == compact(doc.provisions[0].text)


def test_ids_stable_and_distinct_for_repeated_labels():
    twice = [article(1, ["相同的内容。"]), article(1, ["相同的内容。"])]
    first, second = chunk_document(make_doc(twice)), chunk_document(make_doc(twice))
    assert [c.chunk_id for c in first] == [c.chunk_id for c in second]
    assert first[0].chunk_id != first[1].chunk_id
    other_version = chunk_document(make_doc(twice, version="2021-01-01"))
    assert other_version[0].chunk_id != first[0].chunk_id


PARAGRAPH = st.text(alphabet="法律援助机构应当依法提供服务。；，", min_size=1, max_size=400)
PROVISIONS = st.lists(
    st.tuples(st.integers(1, 20), st.lists(PARAGRAPH, min_size=1, max_size=6), st.booleans()), max_size=12)


def _build(spec) -> list[Provision]:
    out = []
    for number, paragraphs, is_section in spec:
        if is_section:
            out.append(Provision(kind="section", label=f"{number}、", number=None, chapter=("一、总体",),
                                 text="\n".join(paragraphs)))
        else:
            out.append(article(number, paragraphs))
    return out


@settings(max_examples=200, deadline=None)
@given(PROVISIONS, st.integers(60, 1500))
def test_chunk_ids_unique_stable_and_text_kept(spec, max_chars):
    doc = make_doc(_build(spec))
    chunks = chunk_document(doc, max_chars=max_chars)
    ids = [c.chunk_id for c in chunks]
    assert len(set(ids)) == len(ids)
    assert ids == [c.chunk_id for c in chunk_document(doc, max_chars=max_chars)]
    assert all(ID.fullmatch(i) for i in ids)
    assert all(len(c.text) <= max_chars for c in chunks)
    for provision in doc.provisions:
        parts = [c for c in chunks if c.article == provision.label]
        assert parts, provision.label
    by_provision: list[list[str]] = []
    for chunk in chunks:
        if chunk.part == 0:
            by_provision.append([])
        by_provision[-1].append(strip_prefix(chunk.text, chunk.article))
    assert len(by_provision) == len(doc.provisions)
    for provision, parts in zip(doc.provisions, by_provision, strict=True):
        assert compact("".join(parts)) == compact(provision.text)


def test_study_corpus_chunk_ids_unique(shared_corpus):
    for path in sorted((shared_corpus / "study").glob("*.md")):
        doc = parse_document(SourceText(str(path), path.read_text(encoding="utf-8"), "md"), sha256="c" * 64)
        chunks = chunk_document(doc)
        assert len({c.chunk_id for c in chunks}) == len(chunks), path.name
        assert {c.article for c in chunks if c.kind == "article"} == {
            p.label for p in doc.provisions if p.kind == "article"}, path.name
        assert all(len(c.text) <= 1200 for c in chunks), path.name


def test_split_provision_keeps_small_text_unchanged():
    provision = article(5, ["短款。"])
    assert split_provision(provision, 1200) == [provision.text]
