"""Document outline helpers: the open heading path, TOC skipping, wrapped headings."""

from __future__ import annotations

import re

from assistant.ingest.lines import Heading, compact, is_item, match_article, match_heading, strip_markdown
from assistant.types import Provision

_TOC_WORDS = ("目录", "目次")


def _toc_key(line: str) -> str:
    """Compare TOC entries with body headings: no markup, spaces, dot leaders or page numbers."""
    return re.sub(r"[.…·．\-—\d]+$", "", compact(strip_markdown(line)))


def _toc_entry(line: str) -> bool:
    """A heading-like TOC line (``第一章 总则 …… 1``, ``序言``), never an article or a sentence."""
    if match_article(line, 0) is not None:
        return False
    flat = compact(strip_markdown(line))
    return match_heading(line) is not None or (len(flat) <= 30 and not any(c in flat for c in "。，；：“”"))


def skip_toc(lines: list[str]) -> list[str]:
    """Drop a ``目录`` line and the heading-only lines after it, up to where the body starts."""
    index = next((i for i, line in enumerate(lines[:200]) if compact(strip_markdown(line)) in _TOC_WORDS), -1)
    if index < 0 or any(match_article(line, 0) is not None for line in lines[:index]):
        return lines
    first = index + 1
    end = first
    while end < len(lines) and _toc_entry(lines[end]):
        if end > first and _toc_key(lines[end]) == _toc_key(lines[first]):
            break
        end += 1
    return lines[:index] + lines[end:]


def _continues_heading(line: str) -> bool:
    """A short unpunctuated line that can be the wrapped tail of a heading."""
    flat = compact(line)
    return (len(flat) <= 40 and not any(c in flat for c in "。；：“”")
            and match_heading(line) is None and match_article(line, 0) is None and not is_item(line))


def merge_wrapped_headings(lines: list[str]) -> list[str]:
    """Re-join a heading whose name wrapped onto the next line (``第四章 …案件`` + ``违法所得的没收程序``).

    Only when the wrapped tail is directly followed by an article or another heading.
    """
    out: list[str] = []
    skip = False
    for index, line in enumerate(lines):
        if skip:
            skip = False
            continue
        tail = lines[index + 1] if index + 1 < len(lines) else ""
        after = lines[index + 2] if index + 2 < len(lines) else ""
        if (match_heading(line) is not None and tail and _continues_heading(tail)
                and (match_article(after, 0) is not None or match_heading(after) is not None)):
            out.append(line + lines[index + 1])
            skip = True
        else:
            out.append(line)
    return out


class HeadingPath:
    """The open 编/章/节 (or markdown) headings; remembers which ones got any content.

    A heading that is closed without any provision under it (an empty chapter, a case name
    directly followed by another heading) is returned as a one-line provision so that no
    text is lost.
    """

    def __init__(self) -> None:
        self._open: list[tuple[Heading, bool]] = []

    def texts(self) -> tuple[str, ...]:
        """The chapter path as stored in ``Provision.chapter``."""
        return tuple(heading.text for heading, _ in self._open)

    def mark_used(self) -> None:
        """Record that a provision was emitted under every open heading."""
        self._open = [(heading, True) for heading, _ in self._open]

    def push(self, heading: Heading) -> list[Provision]:
        """Open ``heading``, closing those of equal or lower rank; returns empty-heading provisions."""
        if heading.rank == 0:
            heading = heading._replace(rank=self._open[0][0].rank if self._open else 4)
        closed: list[Provision] = []
        while self._open and self._open[-1][0].rank >= heading.rank:
            closed.extend(self._pop())
        self._open.append((heading, False))
        return closed[::-1]

    def close(self) -> list[Provision]:
        """Close every heading (end of document)."""
        closed: list[Provision] = []
        while self._open:
            closed.extend(self._pop())
        return closed[::-1]

    def _pop(self) -> list[Provision]:
        heading, used = self._open.pop()
        if used:
            return []
        return [Provision(kind="section", label=heading.text, number=None,
                          chapter=self.texts(), text=heading.text)]
