"""Chinese numerals for article numbers: 第一百二十三条 ↔ 123 (1–9999)."""

from __future__ import annotations

import re

DIGITS = "零一二三四五六七八九"
_DIGIT_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMBER = r"[零〇一二两三四五六七八九十百千]+"
_ARTICLE = re.compile(rf"^第\s*({CN_NUMBER}|\d+)\s*条$")


def cn_to_int(text: str) -> int:
    """Convert a Chinese numeral such as 一百二十三 (or Arabic digits) to an int."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in _DIGIT_VALUE and c not in _UNITS for c in text):
        raise ValueError(f"不是中文数字：{text!r}")
    total, digit = 0, 0
    for char in text:
        if char in _UNITS:
            total += (digit or 1) * _UNITS[char]
            digit = 0
        else:
            digit = _DIGIT_VALUE[char]
    return total + digit


def int_to_cn(number: int) -> str:
    """Convert 1–9999 to the form used in statutes: 10 → 十, 110 → 一百一十, 101 → 一百零一."""
    if not 0 < number < 10000:
        raise ValueError(f"条号超出范围：{number}")
    parts: list[str] = []
    zero_pending = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(DIGITS[digit] + name)
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def article_label(number: int) -> str:
    """123 → 第一百二十三条."""
    return f"第{int_to_cn(number)}条"


def parse_article_label(label: str) -> int:
    """第一百二十三条 / 第123条 / 第一百二十八 条 → 123."""
    match = _ARTICLE.match(label.strip())
    if not match:
        raise ValueError(f"不是条号：{label!r}")
    return cn_to_int(match.group(1))
