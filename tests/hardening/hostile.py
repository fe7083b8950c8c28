"""Hostile and broken input files, generated at run time, and a per-file resource meter.

Used by the hardening tests (``tests/hardening``) and by ``evals/hardening_files.py``. Nothing big
is committed: every bomb is written into a caller-provided folder when first needed.

:func:`measure` runs :func:`assistant.ingest.pipeline.process_file` on one file in a forked child
process and reports the outcome, CPU and wall time, and the peak RSS growth of the child, so one
runaway file can neither distort the figures of the next nor take the test process down.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import resource
import shutil
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from pathlib import Path

SHARED_BAD = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "bad"

LAW_SENTENCE = "为了规范社区人民调解工作，及时化解民间纠纷，维护社会和谐稳定，根据宪法，制定本法。"
GOOD_TITLE = "示例社区调解条例"
GOOD_LAW = (
    f"{GOOD_TITLE}\n"
    "第一条　为了规范社区人民调解工作，及时化解邻里之间的民间纠纷，维护社会和谐稳定，制定本条例。\n"
    "第二条　社区人民调解委员会在基层人民政府和司法行政部门指导下开展调解工作，调解不收取任何费用。\n"
    "第三条　当事人对调解协议的履行发生争议的，可以向人民法院提起诉讼，人民法院应当依法审查。\n"
)



def law(title: str, repeat: int = 1) -> str:
    """:data:`GOOD_LAW` under another title (files with the same title and text share chunk ids)."""
    return GOOD_LAW.replace(GOOD_TITLE, title) * repeat


# --- small writers -------------------------------------------------------------------------------


def raw_pdf(objects: dict[int, bytes], *, root: int = 1, prev_self: bool = False) -> bytes:
    """A PDF from numbered object bodies with a correct xref table.

    ``prev_self``: the trailer's ``/Prev`` points at this very xref section (an xref loop).
    """
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 00001 f \n"
    prev = b" /Prev %d" % xref if prev_self else b""
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, prev, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", *, deflate: bool = False) -> bytes:
    """A stream object body (optionally FlateDecode-compressed)."""
    if deflate:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_TEXT_PAGE = b"BT /F1 12 Tf 72 720 Td (Article 1. Hello hardening world.) Tj ET"


def _page(contents: int, resources: bytes = b"<< /Font << /F1 9 0 R >> >>", parent: int = 2) -> bytes:
    return (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>"
            % (parent, resources, contents))


def _catalog_pages(kids: bytes, count: int) -> dict[int, bytes]:
    return {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            9: _FONT}


def deflate_repeated(head: bytes, block: bytes, count: int, tail: bytes, *, wrapper: bool) -> bytes:
    """Deflate ``head + block * count + tail`` in time independent of ``count``.

    After a full flush the compressor forgets its history, so every repetition of ``block``
    compresses to the same bytes. ``wrapper``: zlib format (PDF FlateDecode), else raw (ZIP).
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS if wrapper else -zlib.MAX_WBITS)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush()
    if wrapper:  # the trailer holds the adler32 of everything
        adler = zlib.adler32(head)
        for _ in range(count):
            adler = zlib.adler32(block, adler)
        end = end[:-4] + zlib.adler32(tail, adler).to_bytes(4, "big")
    return first + again * count + end


def add_deflated(archive: zipfile.ZipFile, name: str, head: bytes, block: bytes, count: int, tail: bytes,
                 declared: int | None = None) -> None:
    """Add an entry holding ``head + block * count + tail`` without ever building it in memory.

    ``declared``: the uncompressed size written into the headers (default: the true size).
    """
    raw = deflate_repeated(head, block, count, tail, wrapper=False)
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(block) * count + len(tail) if declared is None else declared
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    archive.writestr(info, raw)  # stored as-is, then relabelled below as deflated
    info.compress_type, info.CRC, info.file_size = zipfile.ZIP_DEFLATED, crc, size
    fp = archive.fp
    assert fp is not None
    end = fp.tell()
    fp.seek(info.header_offset)
    fp.write(info.FileHeader())
    fp.seek(end)


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_paragraphs(lines: Iterable[str]) -> str:
    """``w:p`` elements holding ``lines``."""
    return "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)


Writer = Callable[[zipfile.ZipFile], None]


def write_docx(path: Path, body: str, *, prolog: str = "", padding: int = 0, declared: int | None = None,
               extra: Writer | None = None) -> None:
    """A minimal DOCX whose ``w:body`` holds ``body`` followed by ``padding`` MiB of spaces
    (a zip bomb when large; ``declared`` makes its headers lie); ``extra`` may add entries."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{W_NS}"><w:body>{body}'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        add_deflated(archive, "word/document.xml", head.encode(), b" " * (1 << 20), padding,
                     b"</w:body></w:document>", declared)
        if extra is not None:
            extra(archive)


# --- the hostile files ---------------------------------------------------------------------------


def _huge_one_line(path: Path) -> None:
    block = (LAW_SENTENCE * 2000).encode()  # no newline anywhere
    with open(path, "wb") as fh:
        for _ in range(30 * 1024 * 1024 // len(block) + 1):
            fh.write(block)


def _valid_one_line(path: Path) -> None:
    text = "第一条　" + LAW_SENTENCE * (3 * 1024 * 1024 // len(LAW_SENTENCE.encode()))
    path.write_text(text, encoding="utf-8")


def _article_flood(path: Path) -> None:
    path.write_text("示例条例\n" + "第一条　调解。\n" * 30_000, encoding="utf-8")


def _mixed_encoding(path: Path) -> None:
    text = GOOD_LAW * 20
    path.write_bytes(text.encode("utf-8") + text.encode("gb18030"))


def _zero_article_law(path: Path) -> None:
    path.write_text("中华人民共和国示例法\n本法自公布之日起施行。\n", encoding="utf-8")


def _nul_bytes(path: Path) -> None:
    path.write_bytes(law("控制字符条例").replace("第二条", "\x00\x01第二条\x07").encode("utf-8"))


def _pdf_blank_pages(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(5000):
        writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as fh:
        writer.write(fh)


def _pdf_xref_loop(path: Path) -> None:
    objects = _catalog_pages(b"3 0 R", 1) | {3: _page(4), 4: stream(_TEXT_PAGE)}
    path.write_bytes(raw_pdf(objects, prev_self=True))


def _pdf_page_tree_loop(path: Path) -> None:
    objects = _catalog_pages(b"3 0 R 2 0 R", 2) | {3: _page(4), 4: stream(_TEXT_PAGE)}
    path.write_bytes(raw_pdf(objects))


def _pdf_garbage_object(path: Path) -> None:
    """Valid page, a garbage object, and xref offsets that all point at the wrong bytes."""
    objects = _catalog_pages(b"3 0 R", 1) | {3: _page(4), 4: stream(_TEXT_PAGE),
                                            5: b"<<<< /Foo ]]] \x00\xff\xfe (unterminated >> 99 R"}
    data = raw_pdf(objects)
    head = data.index(b"1 0 obj")
    path.write_bytes(data[:head] + b"%" + b"garbage " * 64 + b"\n" + data[head:])


def _pdf_page_tree_fanout(path: Path) -> None:
    """Two page-tree levels of 1,000 references each: a million pages from a 10 KB file."""
    objects = _catalog_pages(b"3 0 R " * 1000, 1_000_000) | {
        3: b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count 1000 >>" % (b"4 0 R " * 1000),
        4: _page(5, parent=3), 5: stream(_TEXT_PAGE)}
    path.write_bytes(raw_pdf(objects))


def _pdf_recursive_xobject(path: Path) -> None:
    resources = b"<< /XObject << /X1 5 0 R >> /Font << /F1 9 0 R >> >>"
    form = stream(b"/X1 Do " + _TEXT_PAGE, b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources "
                  + resources)
    objects = _catalog_pages(b"3 0 R", 1) | {3: _page(4, resources), 4: stream(b"/X1 Do"), 5: form}
    path.write_bytes(raw_pdf(objects))


def _pdf_flate_bomb(path: Path) -> None:
    """One page whose content stream inflates to ~200 MB of spaces (a ~200 KB file)."""
    data = deflate_repeated(b"", b" " * (1 << 20), 200, b"", wrapper=True)
    objects = _catalog_pages(b"3 0 R", 1) | {3: _page(4), 4: b"<< /Length %d /Filter /FlateDecode >>\nstream\n"
                                            % len(data) + data + b"\nendstream"}
    path.write_bytes(raw_pdf(objects))


def _pdf_operator_flood(path: Path) -> None:
    """One page with a million text-showing operators (7 MB inflated, ~30 KB on disk)."""
    ops = b"BT /F1 1 Tf 72 720 Td " + b"(a) Tj " * 1_000_000 + b"ET"
    objects = _catalog_pages(b"3 0 R", 1) | {3: _page(4), 4: stream(ops, deflate=True)}
    path.write_bytes(raw_pdf(objects))


def _docx_zip_bomb(path: Path) -> None:
    """word/document.xml inflates to 250 MB (whitespace between elements); the file is ~250 KB."""
    write_docx(path, docx_paragraphs(["第一条　炸弹。"]), padding=250)


def _docx_bomb_in_other_part(path: Path) -> None:
    """A normal document plus a 300 MB customXml part that python-docx would load as a blob."""
    def big(archive: zipfile.ZipFile) -> None:
        add_deflated(archive, "customXml/item1.xml", b"<a>", b"x" * (1 << 20), 300, b"</a>")

    write_docx(path, docx_paragraphs(GOOD_LAW.splitlines()), extra=big)


def _docx_billion_laughs(path: Path) -> None:
    entities = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
                                           for i in range(1, 10)]
    prolog = f"<!DOCTYPE w:document [{''.join(entities)}]>"
    write_docx(path, "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>" + docx_paragraphs(law("实体条例").splitlines()),
               prolog=prolog)


def _docx_nested(depth: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        write_docx(path, "<w:sdt><w:sdtContent>" * depth + docx_paragraphs(law(f"嵌套{depth}层条例").splitlines())
                   + "</w:sdtContent></w:sdt>" * depth)

    return write


def _docx_lying_sizes(path: Path) -> None:
    """A 250 MB document.xml whose ZIP headers claim 10,000 bytes."""
    write_docx(path, docx_paragraphs(GOOD_LAW.splitlines()), padding=250, declared=10_000)


def _docx_many_entries(path: Path) -> None:
    def entries(archive: zipfile.ZipFile) -> None:
        for i in range(20_000):
            archive.writestr(f"word/media/x{i}.bin", b"")

    write_docx(path, docx_paragraphs(GOOD_LAW.splitlines()), extra=entries)


def _html_nested(path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in law("嵌套网页条例", 3).splitlines())
    path.write_text(f"<html><head><title>嵌套网页条例</title></head><body>{'<div>' * 10_000}{body}"
                    f"{'</div>' * 10_000}</body></html>", encoding="utf-8")


def _html_nested_known_body(path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in law("嵌套正文条例", 3).splitlines())
    path.write_text(f"<html><body><div id=\"zoom\">{'<span>' * 10_000}{body}{'</span>' * 10_000}</div>"
                    "</body></html>", encoding="utf-8")


def _html_script_only(path: Path) -> None:
    script = "var law = '第一条　本条例由脚本加载。';" * 200
    path.write_text(f"<html><head><script>{script}</script></head><body><script>{script}</script>"
                    "<noscript>请启用脚本</noscript></body></html>", encoding="utf-8")


def _html_elements(count: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        cells = "<span><b>调</b></span>" * (count // 2)
        path.write_text(f"<html><body><div><p>{LAW_SENTENCE * 5}</p>{cells}</div></body></html>",
                        encoding="utf-8")

    return write


def _binary_md(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(16 * 1024))


@dataclass(frozen=True)
class Case:
    """One hostile file: how to make it and what the ingest must do with it."""

    name: str
    what: str
    expect: str  # "rejected" | "indexed" | "either"
    reason: str = ""  # a substring the rejection message must contain
    make: Callable[[Path], None] | None = None  # None: a file from ../shared/corpus/bad


CASES: tuple[Case, ...] = (
    # ../shared/corpus/bad
    Case("empty.txt", "0-byte text", "rejected", "文件为空"),
    Case("zero-byte.pdf", "0-byte PDF", "rejected", "文件为空"),
    Case("truncated-40pct.pdf", "first 40% of a PDF", "rejected", "损坏"),
    Case("encrypted.pdf", "AES-128 user password", "rejected", "加密"),
    Case("scanned-no-text.pdf", "image-only scan", "rejected", "OCR"),
    Case("random-binary.txt", "8 KiB random bytes", "rejected", "编码"),
    Case("plain-text-renamed.docx", "text renamed .docx", "rejected", "不是 ZIP"),
    Case("utf16le-no-bom.txt", "UTF-16LE law without BOM (decodable)", "indexed"),
    Case("nav-only-no-article.html", "nav/footer only, body by JS", "rejected", "未找到正文"),
    # generated
    Case("huge-one-line-30mb.txt", "30 MB, one line of Chinese", "rejected", "文本过长", _huge_one_line),
    Case("valid-one-line-3mb.txt", "3 MB, one line, valid Chinese", "indexed", "", _valid_one_line),
    Case("article-flood.txt", "30,000 one-line articles", "rejected", "过多", _article_flood),
    Case("mixed-encoding.txt", "half UTF-8, half GB18030", "rejected", "编码", _mixed_encoding),
    Case("zero-article-law.txt", "title + one short line", "rejected", "未识别", _zero_article_law),
    Case("control-chars.txt", "law with NUL/BEL bytes", "indexed", "", _nul_bytes),
    Case("binary.md", "PNG bytes named .md", "rejected", "编码", _binary_md),
    Case("pdf-5000-blank-pages.pdf", "5,000 empty pages", "rejected", "页数过多", _pdf_blank_pages),
    Case("pdf-xref-loop.pdf", "trailer /Prev points at itself", "either", "", _pdf_xref_loop),
    Case("pdf-page-tree-loop.pdf", "/Pages lists itself as a kid", "either", "", _pdf_page_tree_loop),
    Case("pdf-garbage-object.pdf", "garbage object, all xref offsets wrong", "either", "", _pdf_garbage_object),
    Case("pdf-page-tree-fanout.pdf", "1,000 × 1,000 page references", "rejected", "上限", _pdf_page_tree_fanout),
    Case("pdf-recursive-xobject.pdf", "form XObject that draws itself", "either", "", _pdf_recursive_xobject),
    Case("pdf-flate-bomb.pdf", "content stream inflating to 200 MB", "rejected", "上限", _pdf_flate_bomb),
    Case("pdf-operator-flood.pdf", "1,000,000 Tj operators on one page", "rejected", "上限", _pdf_operator_flood),
    Case("docx-zip-bomb.docx", "document.xml inflating to 250 MB", "rejected", "解压后", _docx_zip_bomb),
    Case("docx-bomb-other-part.docx", "300 MB customXml part", "rejected", "解压后", _docx_bomb_in_other_part),
    Case("docx-billion-laughs.docx", "nested XML entities in document.xml", "either", "", _docx_billion_laughs),
    Case("docx-deep-xml.docx", "5,000 nested content controls", "rejected", "嵌套过深", _docx_nested(5000)),
    Case("docx-nested-120.docx", "120 nested content controls (legal depth)", "indexed", "", _docx_nested(120)),
    Case("docx-lying-sizes.docx", "250 MB part, headers claim 10 KB", "rejected", "声明", _docx_lying_sizes),
    Case("docx-many-entries.docx", "20,000 ZIP entries", "rejected", "条目过多", _docx_many_entries),
    Case("html-nested-divs.html", "10,000 nested <div>s", "indexed", "", _html_nested),
    Case("html-nested-spans-in-body.html", "#zoom body, 10,000 nested <span>s", "indexed", "",
         _html_nested_known_body),
    Case("html-script-only.html", "only <script>", "rejected", "未找到正文", _html_script_only),
    Case("html-190k-elements.html", "190,000 inline elements", "indexed", "", _html_elements(190_000)),
    Case("html-800k-elements.html", "800,000 inline elements", "rejected", "过于复杂", _html_elements(800_000)),
)
BY_NAME = {case.name: case for case in CASES}


def make(case: Case, folder: Path) -> Path | None:
    """The file of ``case`` inside ``folder`` (generated or copied once); None if unavailable."""
    target = folder / case.name
    if target.exists():
        return target
    if case.make is None:
        source = SHARED_BAD / case.name
        if not source.is_file():
            return None
        shutil.copyfile(source, target)
        return target
    partial = folder / f".{case.name}.part"
    case.make(partial)
    partial.rename(target)
    return target


def write_good(folder: Path) -> Path:
    """A small valid law that must be indexed next to the hostile files."""
    path = folder / "示例社区调解条例.txt"
    path.write_text(GOOD_LAW, encoding="utf-8")
    return path


# --- measuring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    """Outcome and cost of processing one file in a child process."""

    name: str
    status: str  # indexed | rejected | crash | timeout
    message: str
    hint: str
    error: str  # exception class name ("" when indexed)
    chunks: int
    cpu_s: float
    wall_s: float
    rss_mb: float  # peak RSS growth of the child while processing


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _child(path: Path, conn: Connection) -> None:
    from assistant.errors import AssistantError
    from assistant.ingest.pipeline import file_sha256, process_file

    base_rss, start, cpu = _rss_mb(), time.perf_counter(), time.process_time()
    status, message, hint, error, chunks = "indexed", "", "", "", 0
    try:
        chunks = len(process_file(path, file_sha256(path), 1200).chunks)
    except AssistantError as exc:
        status, message, hint, error = "rejected", exc.message, exc.hint, type(exc).__name__
    except BaseException as exc:  # the point of the exercise: report, never hide
        status, message, error = "crash", repr(exc)[:300], type(exc).__name__
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send({"status": status, "message": message, "hint": hint, "error": error, "chunks": chunks,
               "cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - start,
               "rss_mb": max(0.0, peak - base_rss)})
    conn.close()


def warm_up() -> None:
    """Import the pipeline and load the tokenizer once, so forked children inherit them."""
    from assistant.indexing.tokenize import tokenize
    from assistant.ingest import pipeline  # noqa: F401

    tokenize("预热分词器")


def measure(path: Path, *, timeout: float = 120.0) -> Measurement:
    """Run ``process_file`` on ``path`` in a forked child; see :class:`Measurement`."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    start = time.perf_counter()
    process = context.Process(target=_child, args=(path, child), daemon=True)
    process.start()
    child.close()
    result: dict[str, object] | None = None
    if parent.poll(timeout):
        try:
            result = parent.recv()
        except EOFError:
            result = None
    process.join(5)
    if process.is_alive():
        process.kill()
        process.join()
    wall = time.perf_counter() - start
    if result is None:
        status = "timeout" if wall >= timeout else "crash"
        return Measurement(path.name, status, f"child exit code {process.exitcode}", "", status, 0, 0.0, wall, 0.0)
    return Measurement(name=path.name, **result)  # type: ignore[arg-type]


def as_row(measurement: Measurement) -> dict[str, object]:
    """A JSON-friendly dict."""
    return asdict(measurement)
