"""Turn pypdf text pieces with positions into visual lines (one page at a time).

pypdf's visitor reports each run of text with its text/CTM matrices; pieces on the same
baseline form one line. A line keeps its start x, an estimated end x (full-width characters
are one em wide, others half), its baseline y and font size, which is all the paragraph
rebuilding in :mod:`pdf_reflow` needs.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PageObject


@dataclass(frozen=True)
class Piece:
    """A run of text as drawn by one or more text operators."""

    x: float
    y: float
    size: float
    text: str


@dataclass(frozen=True)
class Line:
    """One visual line of a page."""

    page: int
    x: float
    end: float
    y: float
    size: float
    text: str


def text_width(text: str, size: float) -> float:
    """Estimated advance of ``text``: wide/ambiguous (CJK) characters 1 em, others 0.5 em."""
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WFA")
    return (wide + 0.5 * (len(text) - wide)) * size


def page_pieces(page: PageObject) -> list[Piece]:
    """All non-blank text pieces of ``page`` with their page coordinates."""
    pieces: list[Piece] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], _font: object, size: float) -> None:
        text = text.replace("\r", "").replace("\n", "")
        if not text.strip(" "):
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
        pieces.append(Piece(x, y, abs(size * scale) or 1.0, text))

    page.extract_text(visitor_text=visit)
    return pieces


def group_lines(pieces: list[Piece], page_no: int) -> list[Line]:
    """Cluster pieces by baseline (top to bottom), then order each cluster left to right."""
    clusters: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: (-p.y, p.x)):
        if clusters and abs(clusters[-1][0].y - piece.y) <= 0.4 * piece.size:
            clusters[-1].append(piece)
        else:
            clusters.append([piece])
    return [_make_line(sorted(c, key=lambda p: p.x), page_no) for c in clusters]


def _make_line(pieces: list[Piece], page_no: int) -> Line:
    text = pieces[0].text
    for before, piece in itertools.pairwise(pieces):
        gap = piece.x - (before.x + text_width(before.text, before.size))
        ascii_edge = text[-1:].isascii() and text[-1:].isalnum() and piece.text[:1].isascii()
        if ascii_edge and gap > 0.25 * piece.size and not piece.text.startswith(" "):
            text += " "
        text += piece.text
    last = pieces[-1]
    end = last.x + text_width(last.text, last.size)
    return Line(page_no, pieces[0].x, end, pieces[0].y, max(p.size for p in pieces), text.strip(" "))
