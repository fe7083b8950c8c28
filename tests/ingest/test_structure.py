"""Structure parsing: fixtures, generated laws (property tests) and the real shared corpus."""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import StructureError
from assistant.ingest.lines import compact, is_comment, split_lines, strip_markdown
from assistant.ingest.metadata import infer_category, short_title, split_header, version_date
from assistant.ingest.numerals import article_label, int_to_cn
from assistant.ingest.outline import skip_toc
from assistant.ingest.structure import parse_document
from assistant.types import Document, SourceText

DATA = Path(__file__).resolve().parents[1] / "data" / "structure"
CJK = re.compile(r"[\u3400-\u9fff]")


def parse_text(text: str, path: str = "doc.txt", **kwargs) -> Document:
    return parse_document(SourceText(path, text, Path(path).suffix.lstrip(".")), sha256="0" * 64, **kwargs)


def parse_fixture(name: str) -> Document:
    path = DATA / name
    return parse_text(path.read_text(encoding="utf-8"), str(path))


def articles(doc: Document):
    return [p for p in doc.provisions if p.kind == "article"]


def assert_no_text_lost(text: str, doc: Document) -> None:
    """Body characters (after title/info/TOC) appear in order in chapter paths + provision texts."""
    header = split_header(split_lines(text))
    body = compact("".join(strip_markdown(line) for line in skip_toc(header.body) if not is_comment(line)))
    rendered = compact("".join([header.title, *header.info,
                                *(part for p in doc.provisions for part in (*p.chapter, p.text))]))
    remaining = iter(rendered)
    missing = [char for char in body if char not in remaining]
    assert not missing, f"lost text starting at {missing[:20]}"
    assert sum(len(compact(p.text)) for p in doc.provisions) <= len(body), "provision text duplicated"


# --- fixtures -----------------------------------------------------------------------------------

def test_markdown_law_articles_chapters_paragraphs_items():
    doc = parse_fixture("示例读书促进法(2020-05-01).md")
    assert (doc.title, doc.short_title, doc.category, doc.version, doc.kind) == (
        "中华人民共和国示例读书促进法", "示例读书促进法", "法律", "2020-05-01", "law")
    assert len(doc.info) == 2 and doc.info[0].startswith("2019年3月2日")
    assert [p.label for p in articles(doc)] == [
        "第一条", "第二条", "第三条", "第四条", "第五条", "第五条之一", "第六条"]
    second = articles(doc)[1]
    assert second.paragraphs == (
        "本法所称读书活动，包括下列形式：\n（一）社区读书会；\n（二）图书漂流；\n（三）线上共读。",
        "前款规定的活动，应当免费向居民开放。",
    )
    assert second.text.startswith("第二条　本法所称读书活动") and second.text.endswith("应当免费向居民开放。")
    by_label = {p.label: p for p in articles(doc)}
    assert by_label["第一条"].chapter == ("第一章 总则",)
    assert by_label["第三条"].chapter == ("第二章 读书设施", "第一节 图书室")
    assert "依照本法第二章的规定" in by_label["第三条"].text  # a mid-line reference is no heading
    assert by_label["第五条之一"].chapter == ("第二章 读书设施", "第二节 流动书车")
    assert by_label["第五条之一"].number == 5
    assert by_label["第六条"].chapter == ("第三章 附则",)


def test_malformed_article_label_is_normalised():
    doc = parse_fixture("示例读书促进法(2020-05-01).md")
    fourth = next(p for p in doc.provisions if p.number == 4)
    assert fourth.label == "第四条"
    assert fourth.text == "第四条　图书室的开放时间不得少于每周二十小时。"


def test_plain_text_toc_preamble_and_spaced_headings():
    doc = parse_fixture("示例社区公约.txt")
    assert doc.title == "示例社区公约" and doc.version == "2022-02-20"
    assert doc.info == ("（2021年1月10日示例社区居民大会通过　2022年2月20日示例社区居民大会修订）",)
    assert doc.provisions[0].kind == "preamble" and doc.provisions[0].label == "序言"
    assert doc.provisions[0].text == (
        "为了建设和睦社区，全体居民共同制定本公约。\n本公约经居民大会通过后公布。")
    assert len(articles(doc)) == 6
    chapters = [p.chapter for p in articles(doc)]
    assert chapters[0] == ("第一章 总则",)
    assert chapters[2] == ("第二章 邻里互助", "第一节 日常帮扶")
    assert chapters[4] == ("第二章 邻里互助", "第二节 应急帮扶")
    assert chapters[5] == ("第三章 附则",)  # a new 章 resets the 节
    assert "目" not in "".join(p.text for p in doc.provisions)
    assert articles(doc)[2].paragraphs == ("居民应当关心独居老人。", "对行动不便的邻居，可以代购生活用品。")
    assert articles(doc)[3].paragraphs == (
        "居民发现下列情况之一的，应当告知社区：\n（一）老人多日未出门；\n（二）楼道堆放杂物。",)


def test_speech_sections():
    doc = parse_fixture("读书月活动交流发言材料.txt")
    assert doc.kind == "speech" and doc.category == "学习材料" and doc.article_count == 0
    assert [p.label for p in doc.provisions] == [
        "序言", "一、", "二、", "二、（一）", "二、（二）", "二、（三）", "三、"]
    sub = doc.provisions[4]
    assert sub.kind == "section" and sub.chapter == ("二、扎实推进读书活动常态化",)
    assert sub.text.startswith("（二）丰富活动形式")
    assert doc.provisions[2].text == "二、扎实推进读书活动常态化。\n今后我们要在以下几个方面下功夫。"


def test_amendment_numbered_sections_is_a_law():
    doc = parse_fixture("示例修正案.md")
    assert doc.kind == "law" and doc.category == "法律" and doc.article_count == 0
    assert [p.label for p in doc.provisions] == ["一、", "二、", "三、"]
    assert "“第五条之二 流动书车应当配备管理人员。”" in doc.provisions[1].text


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir()))
def test_fixtures_lose_no_text(name):
    text = (DATA / name).read_text(encoding="utf-8")
    assert_no_text_lost(text, parse_text(text, str(DATA / name)))


def test_too_little_text_raises_structure_error():
    with pytest.raises(StructureError) as err:
        parse_text("中华人民共和国法律援助法\n\n目录\n")
    assert err.value.hint and "未识别" in err.value.message


def test_prose_without_structure_becomes_paragraph_groups():
    line = "今天学习了法律援助工作的有关规定，体会很深，记录如下。"
    text = "学习笔记\n" + "\n".join(line * 3 for _ in range(30))
    doc = parse_text(text)
    assert doc.provisions and all(p.kind == "section" for p in doc.provisions)
    assert doc.provisions[0].label == "第1部分" and len(doc.provisions) > 1
    assert_no_text_lost(text, doc)


def test_sidecar_overrides_metadata_and_doc_id_is_stable():
    text = (DATA / "示例社区公约.txt").read_text(encoding="utf-8")
    side = {"title": "示例社区公约（修订）", "short_title": "社区公约", "category": "学习材料",
            "date": "2023-03-04", "version_note": "测试"}
    doc = parse_text(text, sidecar=side)
    assert (doc.title, doc.short_title, doc.category, doc.version, doc.version_note) == (
        "示例社区公约（修订）", "社区公约", "学习材料", "2023-03-04", "测试")
    assert doc.kind == "law"  # it has articles
    assert parse_text(text, sidecar=side).doc_id == doc.doc_id
    assert re.fullmatch(r"d[0-9a-f]{12}", doc.doc_id)


def test_empty_chapter_heading_is_kept():
    text = "示例规定\n第一章 空章\n第二章 正文\n第一条 本规定自公布之日起施行，适用于全体成员。"
    doc = parse_text(text)
    assert doc.provisions[0].label == "第一章 空章" and doc.provisions[0].kind == "section"
    assert articles(doc)[0].chapter == ("第二章 正文",)


def test_wrapped_heading_and_bare_appendix_heading():
    text = ("# 示例程序法\n<!-- INFO END -->\n## 第一编 总则\n### 第一章 没收违法所得案件\n的特别程序\n"
            "第一条 对于逃匿案件，可以申请没收。\n附则\n第二条 本法自公布之日起施行。")
    doc = parse_text(text, "示例程序法.md")
    assert articles(doc)[0].chapter == ("第一编 总则", "第一章 没收违法所得案件的特别程序")
    assert articles(doc)[1].chapter == ("附则",)


@pytest.mark.parametrize(("title", "issuer", "expected"), [
    ("中华人民共和国宪法", "", "宪法"),
    ("中华人民共和国法律援助法", "全国人民代表大会常务委员会", "法律"),
    ("信访工作条例", "中共中央、国务院发布", "党内法规与规范性文件"),
    ("物业管理条例", "国务院令第379号公布", "行政法规"),
    ("县委政法委常务副书记研讨交流发言材料", "", "学习材料"),
    ("最高人民法院关于适用某法的解释", "", "司法解释"),
])
def test_infer_category(title, issuer, expected):
    assert infer_category(title, issuer) == expected


def test_short_title_and_version_date():
    assert short_title("中华人民共和国宪法") == "宪法"
    assert short_title("信访工作条例") == "信访工作条例"
    assert version_date("x/法(2021-08-20).pdf", (), {}) == "2021-08-20"
    info = ("（1995年2月28日通过　根据2012年10月26日会议修正）",)
    assert version_date("x/法.pdf", info, {}) == "2012-10-26"
    assert version_date("x/法(2021-08-20).pdf", info, {"date": "2024年1月5日"}) == "2024-01-05"
    effective = ("（2021年12月24日第十三届全国人民代表大会常务委员会第三十二次会议通过　2022年5月1日施行）",)
    assert version_date("x/法.html", effective, {}) == "2021-12-24"


def test_title_wrapped_onto_two_lines():
    text = "\n".join([
        "最高人民法院关于审理示例纠纷案件", "适用法律若干问题的解释",
        "（2021年3月1日最高人民法院审判委员会通过）",
        "第一条 人民法院审理示例纠纷案件，适用本解释。", "第二条 本解释自公布之日起施行。",
    ])
    doc = parse_text(text)
    assert doc.title == "最高人民法院关于审理示例纠纷案件适用法律若干问题的解释"
    assert doc.category == "司法解释" and doc.version == "2021-03-01" and doc.article_count == 2


# --- property tests -----------------------------------------------------------------------------

WORD_CHARS = "法律援助社区读书居民管理规定应当可以国家机关人民组织活动权利义务责任公开监督保护服务工作制度"
WORDS = st.text(alphabet=WORD_CHARS, min_size=2, max_size=8)
SENTENCES = st.lists(WORDS, min_size=1, max_size=4).map(lambda ws: "，".join(ws) + "。")


@st.composite
def clauses(draw):
    """One 款: a sentence (maybe with a mid-line cross-reference) and optional items."""
    body = draw(SENTENCES)
    if draw(st.booleans()):
        body = f"依照本法第{int_to_cn(draw(st.integers(1, 300)))}条的规定，{body}"
    items = [f"（{int_to_cn(i + 1)}）{s}" for i, s in enumerate(draw(st.lists(SENTENCES, max_size=3)))]
    return "\n".join([body, *items])


@st.composite
def laws(draw):
    """(lines, expected articles) of a generated law in markdown or plain official-print style."""
    markdown, toc = draw(st.booleans()), draw(st.booleans())
    preamble = draw(st.lists(SENTENCES, max_size=2))
    chapters = draw(st.lists(st.tuples(WORDS, st.lists(WORDS, max_size=2)), max_size=3))
    leaves = [(c, s) for c, (_, sections) in enumerate(chapters) for s in range(len(sections) or 1)]
    leaves = leaves or [(-1, -1)]
    expected, number, lines, toc_lines = [], 0, [], []
    for c, s in leaves:
        names = chapters[c] if c >= 0 else None
        path = []
        if names is not None:
            path.append(f"第{int_to_cn(c + 1)}章 {names[0]}")
            if names[1]:
                path.append(f"第{int_to_cn(s + 1)}节 {names[1][s]}")
        for level, heading in enumerate(path):
            if s == 0 or level == 1:
                head, name = heading.split(" ")
                line = f"{'#' * (level + 2)} {heading}" if markdown else f"　　{head}　{'　'.join(name)}"
                lines.append(line)
                toc_lines.append(f"　　{head}　{name}")
        for _ in range(draw(st.integers(1, 3))):
            number += 1
            paragraphs = draw(st.lists(clauses(), min_size=1, max_size=3))
            label = article_label(number)
            first = (f"第{int_to_cn(number)} 条" if draw(st.booleans()) else f"{label}　") + paragraphs[0]
            lines.extend([first, *"\n".join(paragraphs[1:]).split("\n")] if paragraphs[1:] else [first])
            expected.append((label, tuple(path), tuple(paragraphs)))
    head = ["# 中华人民共和国示例法", "2020年1月2日 通过", "<!-- INFO END -->"] if markdown else [
        "　　中华人民共和国示例法", "（2020年1月2日示例会议通过）"]
    toc_part = ["目　　录", *toc_lines] if toc and toc_lines and not markdown else []
    return [*head, *toc_part, *preamble, *lines], expected, bool(preamble)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(laws())
def test_generated_laws_parse_exactly(law):
    lines, expected, has_preamble = law
    text = "\n".join(lines)
    doc = parse_text(text)
    got = [(p.label, p.chapter, p.paragraphs) for p in articles(doc)]
    assert got == expected
    assert (doc.provisions[0].kind == "preamble") == has_preamble
    assert all(p.kind != "section" for p in doc.provisions)
    assert_no_text_lost(text, doc)


TOKENS = st.one_of(
    WORDS,
    st.sampled_from(["第", "条", "章", "节", "编", "分编", "、", "，", "。", "（", "）", "# ", "## ",
                     "　", " ", "目录", "序言", "附则", "之一", "“", "<!-- INFO END -->"]),
    st.integers(1, 300).map(lambda n: f"第{int_to_cn(n)}"),
    st.integers(1, 12).map(lambda n: f"{int_to_cn(n)}、"),
    st.integers(1, 12).map(lambda n: f"（{int_to_cn(n)}）"),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(TOKENS, min_size=1, max_size=6).map("".join), max_size=25))
def test_arbitrary_text_loses_nothing_or_raises(lines):
    text = "\n".join(lines)
    try:
        doc = parse_text(text)
    except StructureError:
        body = skip_toc(split_header(split_lines(text)).body)
        assert len(CJK.findall("".join(line for line in body if not is_comment(line)))) < 30
        return
    assert_no_text_lost(text, doc)


# --- the real shared corpus ---------------------------------------------------------------------

def _manifest(shared_corpus: Path) -> list[dict]:
    return json.loads((shared_corpus / "study" / "MANIFEST.json").read_text(encoding="utf-8"))["files"]


def _parse_file(path: Path) -> Document:
    if path.suffix == ".md":
        return parse_text(path.read_text(encoding="utf-8"), str(path))
    loaders = pytest.importorskip("assistant.ingest.loaders.base")
    return parse_document(loaders.load_file(path), sha256=hashlib.sha256(path.read_bytes()).hexdigest())


def test_study_markdown_article_counts(shared_corpus):
    entries = [f for f in _manifest(shared_corpus) if f["file"].endswith(".md")]
    assert len(entries) == 10
    for entry in entries:
        doc = _parse_file(shared_corpus / "study" / entry["file"])
        assert doc.article_count == entry["articles"], entry["file"]
        assert (doc.short_title, doc.category, doc.version) == (
            entry["short_title"], entry["category"], entry["date"]), entry["file"]
        numbers = [p.number for p in articles(doc)]
        assert numbers == list(range(1, entry["articles"] + 1)), entry["file"]


def test_study_other_formats_article_counts(shared_corpus):
    for entry in _manifest(shared_corpus):
        if entry["file"].endswith(".md") or not entry["articles"]:
            continue
        doc = _parse_file(shared_corpus / "study" / entry["file"])
        assert doc.article_count == entry["articles"], entry["file"]
        assert (doc.category, doc.version) == (entry["category"], entry["date"]), entry["file"]
        assert all(p.chapter for p in articles(doc)), entry["file"]


def test_criminal_procedure_law(shared_corpus):
    doc = _parse_file(shared_corpus / "study" / "中华人民共和国刑事诉讼法(2018-10-26).md")
    by_number = {p.number: p for p in articles(doc)}
    assert len(by_number) == 308 and len(doc.provisions) == 308
    assert by_number[128].label == "第一百二十八条"
    assert by_number[128].text.startswith("第一百二十八条　侦查人员对于与犯罪有关的场所")
    assert by_number[128].chapter == ("第二编 立案、侦查和提起公诉", "第二章 侦查", "第四节 勘验、检查")
    assert by_number[1].chapter == ("第一编 总则", "第一章 任务和基本原则")
    assert by_number[298].chapter == (
        "第五编 特别程序", "第四章 犯罪嫌疑人、被告人逃匿、死亡案件违法所得的没收程序")
    assert by_number[308].chapter == ("附则",)


def test_constitution_preamble_and_sections(shared_corpus):
    doc = _parse_file(shared_corpus / "study" / "中华人民共和国宪法(2018-03-11).md")
    assert doc.provisions[0].kind == "preamble" and doc.provisions[0].label == "序言"
    assert doc.provisions[0].text.startswith("中国是世界上历史最悠久的国家之一")
    by_number = {p.number: p for p in articles(doc)}
    assert by_number[62].chapter == ("第三章 国家机构", "第一节 全国人民代表大会")
    assert by_number[143].chapter == ("第四章 国旗、国歌、国徽、首都",)


def test_toc_is_skipped_in_supervision_law_pdf(shared_corpus):
    doc = _parse_file(shared_corpus / "study" / "中华人民共和国监察法(2024-12-25).pdf")
    assert doc.article_count == 78 and all(p.kind == "article" for p in doc.provisions)
    assert articles(doc)[0].chapter == ("第一章 总则",)


def test_study_speech_sections(shared_corpus):
    path = shared_corpus / "study" / "县委政法委常务副书记研讨交流发言材料.txt"
    text = path.read_text(encoding="utf-8")
    doc = parse_text(text, str(path))
    labels = [p.label for p in doc.provisions]
    assert labels == ["序言", "一、", "二、", *[f"二、（{int_to_cn(i)}）" for i in range(1, 9)]]
    assert doc.kind == "speech" and doc.category == "学习材料"
    assert doc.provisions[8].chapter == ("二、深入贯彻党的二十大精神，不断开创政法工作新局面",)
    assert_no_text_lost(text, doc)


def test_study_markdown_loses_no_text(shared_corpus):
    for path in sorted((shared_corpus / "study").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert_no_text_lost(text, parse_text(text, str(path)))


def test_random_lawlib_files_parse(shared_corpus):
    files = sorted((shared_corpus / "lawlib").rglob("*.md"))
    assert len(files) > 1000
    for path in random.Random(20240501).sample(files, 200):
        text = path.read_text(encoding="utf-8")
        doc = parse_text(text, str(path))
        assert doc.provisions, path
        assert_no_text_lost(text, doc)
