"""Word automatic numbering rendered as text, e.g. lvlText "第%1条" + chineseCounting → 第一条.

Drafters sometimes number articles and chapters with Word list numbering; the numbers then
live in numbering.xml, not in the runs. Paragraph numbering (``w:numPr``) and numbering
inherited from the paragraph style are supported; bullets are ignored.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE

from assistant.ingest.numerals import int_to_cn

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE = frozenset({"chineseCounting", "chineseCountingThousand", "japaneseCounting",
                      "taiwaneseCounting"})
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _val(element: Any, path: str, default: str = "") -> str:
    found = element.find(path) if element is not None else None
    return str(found.get(f"{_W}val", default)) if found is not None else default


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or default)
    except ValueError:
        return default


def format_number(number: int, fmt: str) -> str:
    """One counter in a Word number format (unknown formats fall back to decimal)."""
    if fmt in _CHINESE and 0 < number < 10000:
        return int_to_cn(number)
    if fmt in ("upperLetter", "lowerLetter") and number > 0:
        letter = chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < number < 4000:
        roman, rest = "", number
        for value, digits in _ROMAN:
            count, rest = divmod(rest, value)
            roman += digits * count
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < number <= 20:
        return chr(0x2460 + number - 1)
    return str(number)


class Numbering:
    """Tracks list counters while the body is read in order and renders each paragraph's label."""

    def __init__(self, document: Any) -> None:
        try:
            self._xml: Any = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        except (KeyError, AttributeError):
            self._xml = None
        self._styles: Any = document.styles.element
        self._counters: dict[str, list[int | None]] = {}

    def label(self, paragraph: Any) -> str:
        """The number text of ``paragraph`` (with its separator) or "" when it is not numbered."""
        num_id, level = self._num_pr(paragraph)
        found = self._definition(num_id, level)
        if found is None:
            return ""
        key, num, levels = found
        counts = self._advance(key, num, levels, level)
        text = _val(levels[level], f"{_W}lvlText")
        for i in range(level, -1, -1):
            fmt = _val(levels[i], f"{_W}numFmt", "decimal")
            text = text.replace(f"%{i + 1}", format_number(counts[i], fmt))
        if not text or _val(levels[level], f"{_W}suff", "tab") == "nothing":
            return text
        return text + (" " if text[-1].isascii() else "\u3000")

    def _definition(self, num_id: str, level: int) -> tuple[str, Any, list[Any]] | None:
        """(counter key, w:num, w:lvl elements 0..level) of a numbered, non-bullet paragraph."""
        if self._xml is None or num_id in ("", "0"):
            return None
        num = self._xml.find(f"{_W}num[@{_W}numId='{num_id}']")
        abstract_id = _val(num, f"{_W}abstractNumId")
        abstract = self._xml.find(f"{_W}abstractNum[@{_W}abstractNumId='{abstract_id}']")
        if num is None or abstract is None:
            return None
        levels = [abstract.find(f"{_W}lvl[@{_W}ilvl='{i}']") for i in range(level + 1)]
        if levels[level] is None or _val(levels[level], f"{_W}numFmt") in ("bullet", "none"):
            return None
        key = num_id if num.find(f"{_W}lvlOverride") is not None else abstract_id
        return key, num, levels

    def _advance(self, key: str, num: Any, levels: list[Any], level: int) -> list[int]:
        """Count one item at ``level``: deeper levels restart, unseen outer levels show their start."""
        starts = []
        for i, lvl in enumerate(levels):
            override = num.find(f"{_W}lvlOverride[@{_W}ilvl='{i}']/{_W}startOverride")
            start = override.get(f"{_W}val") if override is not None else _val(lvl, f"{_W}start", "1")
            starts.append(_int(start, 1))
        counts = self._counters.setdefault(key, [None] * 9)
        current = counts[level]
        counts[level] = starts[level] if current is None else current + 1
        counts[level + 1:] = [None] * (8 - level)
        return [start if count is None else count for start, count in zip(starts, counts, strict=False)]

    def _num_pr(self, paragraph: Any) -> tuple[str, int]:
        num_pr = paragraph.find(f"{_W}pPr/{_W}numPr")
        style_id = _val(paragraph, f"{_W}pPr/{_W}pStyle")
        for _ in range(10):  # follow basedOn a few levels
            if num_pr is not None or not style_id:
                break
            style = self._styles.find(f"{_W}style[@{_W}styleId='{style_id}']")
            num_pr = style.find(f"{_W}pPr/{_W}numPr") if style is not None else None
            style_id = _val(style, f"{_W}basedOn")
        if num_pr is None:
            return "", 0
        return _val(num_pr, f"{_W}numId"), min(max(_int(_val(num_pr, f"{_W}ilvl"), 0), 0), 8)
