"""Markdown (.md) loader: the text passes through; the structure parser reads '#' headings."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.ingest.loaders._common import require_text, strip_controls
from assistant.ingest.loaders.text import decode_file
from assistant.types import SourceText

# One line "# title" (closing #s are dropped in code: a lazy group before "#*" backtracks
# cubically on a line of many "#").
_H1 = re.compile(r"^#[^\S\n]+(.*\S)", re.MULTILINE)


class MarkdownLoader:
    """Loads ``.md`` unchanged apart from BOM removal, LF line ends, trailing whitespace and control
    characters (NUL, BEL…)."""

    suffixes: tuple[str, ...] = (".md", ".markdown")
    format = "md"

    def load(self, path: Path) -> SourceText:
        """Decode the file; ``title`` meta comes from the first level-1 heading."""
        raw, encoding = decode_file(path)
        text = "\n".join(line.rstrip() for line in strip_controls(raw).split("\n")).strip("\n")
        require_text(path, text, "Markdown 文件")
        meta: list[tuple[str, str]] = []
        heading = _H1.search(text)
        if heading:
            title = heading.group(1)
            meta.append(("title", title.rstrip("#").rstrip() or title))
        meta.append(("encoding", encoding))
        return SourceText(path=str(path), text=text, format=self.format, meta=tuple(meta))
