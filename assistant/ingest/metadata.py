"""Document header (title + 制定/修改 info) and metadata inference: version, short title, category, id."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

from assistant.ingest.lines import is_comment, match_article, match_heading

INFO_END = "<!-- INFO END -->"
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FILE_DATE = re.compile(r"[(（](\d{4})-(\d{1,2})-(\d{1,2})[)）]")
_INFO_WORDS = re.compile(r"通过|公布|修正|修订|发布|施行|批准|印发|会议|决定")
_ACT_WORDS = re.compile(r"通过|公布|修正|修订|发布|批准|印发|会议|决定")
_ORDER = re.compile(r"^.{0,30}(?:令|公告)\s*[（(]?第.{1,12}号[）)]?$")
_TOP_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
_SPEECH_WORDS = ("发言", "讲话", "报告", "心得", "体会", "党课", "研讨", "学习材料")
_RULE_SUFFIXES = ("条例", "规定", "办法", "细则")
_LAW_FOLDERS = (
    "刑法", "宪法相关法", "民法典", "民法商法", "社会法", "经济法", "行政法", "诉讼与非诉讼程序法",
)
_FOLDERS = {folder: "法律" for folder in _LAW_FOLDERS} | {
    "宪法": "宪法", "行政法规": "行政法规", "司法解释": "司法解释", "部门规章": "部门规章",
    "地方性法规": "地方性法规", "案例": "案例", "学习材料": "学习材料",
}


@dataclass(frozen=True)
class Header:
    """The split-off header: title line, info lines, and the remaining body lines."""

    title: str
    info: tuple[str, ...]
    body: list[str]


def _title_like(line: str) -> bool:
    """A short line that is not an article, heading, section or sentence."""
    return (len(line) <= 100 and "。" not in line and not line.startswith(("（", "("))
            and match_article(line, 0) is None and match_heading(line) is None
            and not _TOP_SECTION.match(line))


def _info_length(lines: list[str], start: int) -> int:
    """How many lines from ``start`` form one info entry (0 when ``lines[start]`` is not info)."""
    line = lines[start]
    if line.startswith(("（", "(")) and _DATE.search(line):
        for end in range(start, min(start + 6, len(lines))):
            if lines[end].endswith(("）", ")")):
                return end - start + 1
        return 1
    dated = _DATE.match(line) and _INFO_WORDS.search(line) and len(line) <= 200
    return 1 if dated or _ORDER.match(line) else 0


def split_header(lines: list[str]) -> Header:
    """Separate title and info from the body (markdown ``# title … <!-- INFO END -->`` or plain)."""
    if INFO_END in lines:
        end = lines.index(INFO_END)
        head = [line for line in lines[:end] if not is_comment(line)]
        title = head[0].lstrip("#").strip() if head and head[0].startswith("#") else ""
        info = head[1:] if title else head
        return Header(title, tuple(info), lines[end + 1:])
    title, pos = "", 0
    if lines and (lines[0].startswith("# ") or _title_like(lines[0])):
        title, pos = lines[0].lstrip("#").strip(), 1
        if len(lines) > 2 and _title_like(lines[1]) and _info_length(lines, 2):
            title, pos = title + lines[1], 2  # a long title wrapped onto a second line
    entries: list[str] = []
    while pos < len(lines) and (size := _info_length(lines, pos)):
        entries.append("".join(lines[pos:pos + size]))
        pos += size
    return Header(title, tuple(entries), lines[pos:])


def iso_date(text: str) -> str:
    """``2021年8月20日`` (first date in ``text``) → ``2021-08-20``; "" when none."""
    match = _DATE.search(text)
    return "-".join((match.group(1), match.group(2).zfill(2), match.group(3).zfill(2))) if match else ""


def version_date(path: str, info: tuple[str, ...], sidecar: Mapping[str, str]) -> str:
    """Sidecar ``date`` → ``(YYYY-MM-DD)`` in the file name → latest date in the info lines."""
    if sidecar.get("date"):
        return iso_date(sidecar["date"]) or sidecar["date"]
    match = _FILE_DATE.search(PurePath(path).name)
    if match:
        return "-".join((match.group(1), match.group(2).zfill(2), match.group(3).zfill(2)))
    return max((date for line in info for date in _version_dates(line)), default="")


def _version_dates(line: str) -> list[str]:
    """Dates in an info line, except pure effective dates (``2022年5月1日施行``)."""
    matches = list(_DATE.finditer(line))
    ends = [m.start() for m in matches[1:]] + [len(line)] if matches else []
    return [iso_date(m.group(0)) for m, end in zip(matches, ends, strict=True)
            if "施行" not in line[m.end():end] or _ACT_WORDS.search(line[m.end():end])]


def short_title(title: str) -> str:
    """``中华人民共和国法律援助法`` → ``法律援助法``."""
    stripped = title.removeprefix("中华人民共和国").strip()
    return stripped or title


def folder_category(path: str) -> str:
    """Category implied by a parent folder named like the LawRefBook layout (``行政法规/…``)."""
    for folder in PurePath(path).parent.parts[::-1]:
        if folder in _FOLDERS:
            return _FOLDERS[folder]
    return ""


def infer_category(title: str, issuer: str, path: str = "") -> str:
    """Guess the category from title, issuing text (info lines / sidecar) and parent folders."""
    short = short_title(title)
    courts = ("最高人民法院", "最高人民检察院")
    state_council = "国务院" in issuer + title or short.endswith("条例")
    rules: tuple[tuple[bool, str], ...] = (
        (short.startswith("宪法"), "宪法"),
        ("中共中央" in issuer or "中国共产党" in title, "党内法规与规范性文件"),
        (bool(folder := folder_category(path)), folder),
        (short.endswith(("法", "法典")) or "法修正案" in short or "法（" in short, "法律"),
        (title.startswith(courts) or any(court in issuer for court in courts), "司法解释"),
        ("全国人民代表大会" in issuer, "法律"),
        (short.endswith(_RULE_SUFFIXES) and state_council, "行政法规"),
        (any(word in title for word in _SPEECH_WORDS), "学习材料"),
    )
    return next((category for matched, category in rules if matched), "其他")


def make_doc_id(title: str, version: str, sha256: str) -> str:
    """Stable, file-name-safe id: ``d`` + 12 hex chars of sha1(title|version|sha256)."""
    digest = hashlib.sha1(f"{title}|{version}|{sha256}".encode()).hexdigest()
    return f"d{digest[:12]}"
