"""Documents without 条: speeches, reports, 修正案/决定 numbered 一、二、 and (一)(二), or plain prose.

Each top section ``一、…`` becomes a provision labelled ``一、`` (its heading line plus any
lines before its first sub-section); each sub-section ``（六）…`` of section 二 becomes
``二、（六）``. Text before the first section is the preamble (``序言``). A document with
neither sections nor headings is cut into paragraph groups labelled ``第1部分``, ``第2部分`` ….
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.ingest.lines import Heading, compact, is_comment, match_heading, strip_markdown
from assistant.ingest.numerals import cn_to_int
from assistant.ingest.outline import HeadingPath
from assistant.types import Provision, ProvisionKind

_TOP = re.compile(r"^(?:#{1,6}\s+)?([一二三四五六七八九十百]+)、")
_SUB = re.compile(r"^(?:#{1,6}\s+)?[（(]([一二三四五六七八九十]+)[）)]")
GROUP_CHARS = 600


def section_title(line: str) -> str:
    """A chapter entry for a section: its heading line up to the first 。/；/： (≤ 40 chars)."""
    text = re.sub(r"^#{1,6}\s+", "", line)
    return re.split(r"[。；：]", text, maxsplit=1)[0][:40]


@dataclass
class _State:
    """Mutable parser state while walking the lines of a section document."""

    path: HeadingPath = field(default_factory=HeadingPath)
    top_label: str = ""
    top_chapter: tuple[str, ...] = ()
    last_top: int = 0
    last_sub: int = 0
    label: str = ""
    kind: ProvisionKind = "section"
    chapter: tuple[str, ...] = ()
    lines: list[str] = field(default_factory=list)
    out: list[Provision] = field(default_factory=list)
    found: bool = False  # at least one 一、 or （一） section or heading

    def flush(self) -> None:
        """Emit the provision being collected, if any."""
        if self.lines:
            self.out.append(Provision(kind=self.kind, label=self.label, number=None,
                                      chapter=self.chapter, text="\n".join(self.lines)))
            self.path.mark_used()
        self.lines = []

    def start(self, label: str, chapter: tuple[str, ...], line: str, kind: ProvisionKind = "section") -> None:
        """Close the current provision and open a new one beginning with ``line``."""
        self.flush()
        self.label, self.chapter, self.kind, self.lines = label, chapter, kind, [line]

    def heading_path(self) -> tuple[str, ...]:
        """The current markdown/structural heading path."""
        return self.path.texts()


def _on_heading(state: _State, heading: Heading) -> None:
    """A non-section heading closes the current provision and resets the numbering."""
    state.flush()
    state.found = True
    state.top_label, state.top_chapter, state.last_top, state.last_sub = "", (), 0, 0
    state.out.extend(state.path.push(heading))
    state.kind = "preamble" if heading.text == "序言" else "section"
    state.label, state.chapter = heading.text, state.heading_path()


def _in_sequence(number: str, last: int, marked: bool) -> bool:
    """Plain lines must continue the numbering (or restart at 一); markdown headings always count."""
    return marked or cn_to_int(number) in (last + 1, 1)


def _on_section(state: _State, line: str) -> bool:
    """Start a top section or sub-section when ``line`` opens one in sequence."""
    top, sub, text = _TOP.match(line), _SUB.match(line), strip_markdown(line)
    marked = text != line
    if top and _in_sequence(top.group(1), state.last_top, marked):
        state.last_top, state.last_sub = cn_to_int(top.group(1)), 0
        state.top_label = f"{top.group(1)}、"
        state.top_chapter = (*state.heading_path(), section_title(text))
        state.start(state.top_label, state.top_chapter, text)
    elif sub and _in_sequence(sub.group(1), state.last_sub, marked):
        state.last_sub = cn_to_int(sub.group(1))
        chapter = state.top_chapter or state.heading_path()
        state.start(f"{state.top_label}（{sub.group(1)}）", chapter, text)
    else:
        return False
    state.found = True
    return True


def _on_text(state: _State, line: str) -> None:
    """Plain text continues the current provision; before anything it opens the preamble."""
    if not state.lines and not state.label:
        state.label, state.kind, state.chapter = "序言", "preamble", ()
    state.lines.append(line)


def parse_sections(lines: list[str]) -> tuple[list[Provision], bool]:
    """Parse section-style lines; returns the provisions and whether real sections were found."""
    state = _State()
    for line in lines:
        if is_comment(line):
            continue
        heading = match_heading(line)
        if heading and not (_TOP.match(line) or _SUB.match(line)):
            _on_heading(state, heading)
        elif not _on_section(state, line):
            _on_text(state, line)
    state.flush()
    state.out.extend(state.path.close())
    return state.out, state.found


def paragraph_groups(lines: list[str], size: int = GROUP_CHARS) -> list[Provision]:
    """Fallback: consecutive lines packed into groups of about ``size`` characters."""
    groups: list[list[str]] = [[]]
    for line in (strip_markdown(line) for line in lines if not is_comment(line)):
        if groups[-1] and len(compact("".join(groups[-1]))) + len(line) > size:
            groups.append([])
        groups[-1].append(line)
    return [Provision(kind="section", label=f"第{i}部分", number=None, chapter=(),
                      text="\n".join(group)) for i, group in enumerate(groups, 1) if group]
