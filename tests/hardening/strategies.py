"""Hypothesis strategies shared by the fuzz tests: legal-looking and hostile text, file payloads."""

from __future__ import annotations

import os
import random
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from assistant.ingest.numerals import int_to_cn

# More examples for a deeper run: FUZZ_EXAMPLES=5000 pytest tests/hardening -k fuzz
SCALE = max(1, int(os.environ.get("FUZZ_EXAMPLES", "100"))) / 100

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
RARE = st.characters(codec="utf-8", exclude_categories=("Cs",))  # anything, incl. controls and RTL marks
SPACES = st.sampled_from([" ", "  ", "\t", "\u3000", "\u3000\u3000", "\xa0", "\u200b", "\ufeff", "\u2028",
                          "\x0b", "\x0c", "\x85", "\r"])
NUMBER = st.one_of(st.integers(1, 120).map(int_to_cn), st.integers(0, 12000).map(str),
                   st.sampled_from(["零", "〇", "两", "十十", "百零", "一千零一", "九千九百九十九", "一万"]))
HEADING = st.builds(lambda n, kind, name: f"第{n}{kind}{name}", NUMBER,
                    st.sampled_from(["编", "分编", "章", "节", "条", "条之一", "款", "项"]),
                    st.text(CJK, max_size=6))
TOKENS = st.one_of(
    st.text(CJK, min_size=1, max_size=12),
    st.text(RARE, min_size=1, max_size=4),
    SPACES,
    HEADING,
    st.builds(lambda n: f"（{n}）", NUMBER),
    st.builds(lambda n: f"{n}、", NUMBER),
    st.builds(lambda n: f"{n}.", st.integers(1, 30)),
    st.sampled_from(["# ", "## ", "###### ", "#", "####### ", "<!-- INFO END -->", "<!-- x -->", "<!--", "-->",
                     "目录", "目　录", "序言", "总则", "附则", "第", "条", "。", "，", "；", "：", "“", "”",
                     "（", "）", "……", "2020年1月2日通过", "（2021年8月20日第十三届全国人民代表大会常务委员会通过）",
                     "中华人民共和国", "法", "条例", "之一"]),
)
LINES = st.lists(st.lists(TOKENS, min_size=1, max_size=8).map("".join), max_size=40).map("\n".join)

CODECS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "big5",
                          "latin-1"])
CHARSETS = st.sampled_from(["utf-8", "gbk", "gb2312", "big5", "utf-16", "punycode", "undefined",
                            "unicode_escape", "utf-7", "x-bogus", "iso-8859-1", "windows-1252", ""])
NAMES = st.sampled_from(["zoom", "TRS_Editor", "fontzoom", "content", "article", "nav", "footer", "share",
                         "breadcrumb", "main", "pages_content", ""])
TAGS = st.sampled_from(["div", "p", "span", "td", "table", "tr", "section", "article", "main", "br", "pre",
                        "b", "strong", "a", "h1", "li", "script", "style", "header", "footer", "nav", "center"])


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """A page of randomly nested elements (some with body-like or junk ids/classes) around text."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 25))):
        choice = draw(st.integers(0, 3))
        if choice == 0:
            tag, name = draw(TAGS), draw(NAMES)
            parts.append(f'<{tag} id="{name}" class="{draw(NAMES)}">')
        elif choice == 1:
            parts.append(f"</{draw(TAGS)}>")
        else:
            parts.append(escape(draw(LINES)).replace("\n", draw(st.sampled_from(["\n", "<br>", "</p><p>"]))))
    charset = draw(CHARSETS)
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}<title>{escape(draw(LINES)[:30])}</title></head><body>{''.join(parts)}</body></html>"


def mutate(data: bytes, seed: int, count: int) -> bytes:
    """``count`` random byte-level edits: flips, deletions, insertions, truncation, duplication."""
    rng = random.Random(seed)
    buffer = bytearray(data)
    for _ in range(count):
        if not buffer:
            buffer += rng.randbytes(8)
        op, at = rng.randrange(5), rng.randrange(len(buffer))
        if op == 0:
            buffer[at] ^= 1 << rng.randrange(8)
        elif op == 1:
            del buffer[at:at + rng.randrange(1, 64)]
        elif op == 2:
            buffer[at:at] = rng.randbytes(rng.randrange(1, 32))
        elif op == 3:
            del buffer[at:]
        else:
            buffer[at:at] = buffer[at:at + rng.randrange(1, 256)]
    return bytes(buffer)


def examples(base: int) -> int:
    """``base`` examples by default, scaled by ``FUZZ_EXAMPLES`` (default 100 ≙ 1×)."""
    return max(1, round(base * SCALE))
