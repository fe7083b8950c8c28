"""Generate the loader test fixtures in this folder (a made-up 《示例社区调解办法》).

Run from the repository root:  .venv/bin/python tests/data/loaders/make_fixtures.py
Needs python-docx, pypdf and reportlab (dev dependency; Chinese via its built-in CID font
STSong-Light, so no font file is needed). The generated files are committed; regenerating gives
identical files except bad/encrypted.pdf (random AES salt/IV).
"""

from __future__ import annotations

import io
import random
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"

TITLE = "示例社区调解办法"
INFO = "（2024年3月1日示例社区居民代表会议通过　2024年6月1日示例社区居民代表会议修订）"
# (kind, text): kind is title | info | heading | article | para
DOC: list[tuple[str, str]] = [
    ("title", TITLE),
    ("info", INFO),
    ("heading", "第一章　总　则"),
    ("article", "第一条　为了规范示例社区的调解工作，及时化解邻里纠纷，维护社区和谐稳定，制定本办法。"),
    ("article", "第二条　本办法适用于示例社区调解委员会开展的调解活动。"),
    ("para", "社区居民、驻社区单位可以向调解委员会申请调解。"),
    ("heading", "第二章　调解程序"),
    ("article", "第三条　调解委员会调解纠纷，应当遵循下列原则："),
    ("para", "（一）当事人自愿；"),
    ("para", "（二）不违背法律、法规和社会公德；"),
    ("para", "（三）尊重当事人的权利。"),
    ("article", "第四条　调解委员会应当自受理申请之日起十五日内完成调解。因特殊情况需要延长的，"
                "经双方当事人同意，可以延长十日。调解员调解时应当坚持原则，依照本办法"
                "第三条规定的原则主持调解，调解不成的，应当告知当事人可以依法申请仲裁或者提起诉讼。"),
    ("article", "第五条　本办法自2024年7月1日起施行。"),
]
ARTICLE_COUNT = 5


def plain_lines() -> list[str]:
    """The document as plain-text lines (title indented with full-width spaces, like official TXT)."""
    lines: list[str] = []
    for kind, text in DOC:
        indent = {"title": "　" * 8, "heading": "　" * 6, "article": "　　", "para": "　　"}.get(kind, "")
        lines.append(indent + text)
    return lines


def write_texts() -> None:
    """UTF-8, GB18030, UTF-8-BOM+CRLF, UTF-16 (BOM and no BOM) and Markdown versions."""
    body = "\n".join(plain_lines()) + "\n"
    (HERE / "sample_utf8.txt").write_bytes(body.encode("utf-8"))
    (HERE / "sample_gb18030.txt").write_bytes(body.replace("\n", "\r\n").encode("gb18030"))
    (HERE / "sample_utf8_bom_crlf.txt").write_bytes(b"\xef\xbb\xbf" + body.replace("\n", "\r\n\r\n").encode())
    (HERE / "sample_utf16.txt").write_bytes(body.replace("\n", "\r\n").encode("utf-16"))
    (HERE / "sample_utf16le_nobom.txt").write_bytes(body.encode("utf-16-le"))
    md = [f"# {TITLE}", "", INFO.strip("（）"), "", "<!-- INFO END -->", ""]
    for kind, text in DOC[2:]:
        md += [f"## {text}" if kind == "heading" else text.replace("　", " ", 1), ""]
    (HERE / "sample.md").write_bytes(("\ufeff" + "\r\n".join(md)).encode("utf-8"))


def write_docx() -> None:
    """Bold article-number runs, a 'Heading 1' chapter and a directly formatted one, a table."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    props = document.core_properties
    props.title, props.author = TITLE, "测试"
    props.created = props.modified = datetime(2024, 6, 1, 9, 0, 0)
    section = document.sections[0]
    section.header.paragraphs[0].text = TITLE  # running header: must not reach the text
    section.footer.paragraphs[0].text = "— 1 —"
    for number, (kind, text) in enumerate(DOC):
        if kind == "heading" and number < 5:
            document.add_paragraph(text, style="Heading 1")
        elif kind == "article":
            label, rest = text.split("　", 1)
            paragraph = document.add_paragraph()
            paragraph.add_run(label).bold = True
            paragraph.add_run("　" + rest[:10])
            paragraph.add_run(rest[10:])
        else:
            paragraph = document.add_paragraph()
            paragraph.add_run(text).bold = kind in ("title", "heading")
            if kind in ("title", "heading"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=2, cols=2)
    for row, (key, value) in enumerate((("附表", "调解申请登记表"), ("联系电话", "示例社区服务站"))):
        table.cell(row, 0).text, table.cell(row, 1).text = key, value
    document.save(HERE / "sample.docx")


NUMBERING_XML = """<w:numbering %s>
<w:abstractNum w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="第%%1章"/><w:suff w:val="space"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="第%%1条"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="（%%2）"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>
<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>
<w:num w:numId="91"><w:abstractNumId w:val="91"/></w:num>
</w:numbering>"""


def write_numbered_docx() -> None:
    """Chapters, articles and items numbered by Word list numbering (no numbers in the runs)."""
    import re

    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    for child in parse_xml(NUMBERING_XML % nsdecls("w")):
        numbering.append(child)
    label = re.compile(r"^(第.+?[章条]|（.）)　?")
    for kind, text in DOC:
        paragraph = document.add_paragraph(label.sub("", text) if kind != "info" else text)
        if kind in ("heading", "article") or (text.startswith("（") and kind == "para"):
            num_id, level = ("90", 0) if kind == "heading" else ("91", 0 if kind == "article" else 1)
            num_pr = parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
                               "</w:numPr>")
            paragraph._p.get_or_add_pPr().append(num_pr)
    document.core_properties.created = document.core_properties.modified = datetime(2024, 6, 1)
    document.save(HERE / "sample_numbered.docx")


def main() -> None:
    """Write every fixture."""
    BAD.mkdir(exist_ok=True)
    write_texts()
    write_docx()
    write_numbered_docx()
    from pdf_fixture import write_pdfs  # beside this script

    write_pdfs(HERE, BAD, DOC)
    write_html()
    write_bad()


def write_html() -> None:
    """A government-style page (nav, breadcrumb, share bar, footer with ICP), a GBK page without
    known body ids, and a page whose body is loaded by script."""
    from html_fixture import NAV_ONLY_PAGE, article_page, gbk_page

    (HERE / "sample.html").write_text(article_page(DOC), encoding="utf-8")
    (HERE / "sample_gbk_fallback.html").write_bytes(gbk_page(DOC).encode("gbk"))
    (BAD / "nav_only.html").write_text(NAV_ONLY_PAGE, encoding="utf-8")


def write_bad() -> None:
    """0-byte file, random bytes named .txt, a text file renamed .docx, a ZIP that is not Word."""
    import zipfile

    (BAD / "empty.txt").write_bytes(b"")
    (BAD / "random.txt").write_bytes(random.Random(20240601).randbytes(4096))
    (BAD / "renamed.docx").write_text("\n".join(plain_lines()), encoding="utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("hello.txt", (2024, 6, 1, 0, 0, 0)), "不是 Word 文档")
    (BAD / "zip_not_word.docx").write_bytes(buffer.getvalue())
    (BAD / "old_word.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(HERE))
    main()
