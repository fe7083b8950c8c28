"""Key terms (考点) in article text: 期限, 机关, 义务词 and 数额, with the sentence they occur in.

Everything here is rule-based and offline: regular expressions for numbers with units, a lexicon of
state bodies grouped into families (a 判断 swap never replaces a body with one of its own family, e.g.
监察机关 ↔ 监察委员会), and the modal verbs 应当 / 不得 / 可以 / 必须.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.types import Provision

FactKind = Literal["period", "body", "duty", "number"]
TOPIC_NAMES: dict[str, str] = {
    "period": "期限", "body": "机关", "duty": "义务", "number": "数额", "article": "条文",
}

_CN = "零〇一二两三四五六七八九十百千万"
_NUM = rf"(?:[{_CN}]+|\d{{1,3}})"
_EDGE = rf"(?<![{_CN}\d第月年后同每当])"  # a numeral starts here, not inside another numeral, ordinal or date
PERIOD = re.compile(rf"{_EDGE}{_NUM}(?:个工作日|工作日|小时|个月|日|天|年|周)(?![{_CN}\d月日岁度])")
NUMBER = re.compile(rf"{_EDGE}(?:{_NUM}分之{_NUM}|{_NUM}(?:周岁|学时|名|人|倍|万元|元|次))")
DUTY = re.compile(r"(?<!相)(?:应当|不得|可以|必须)(?!事人|不|已)")

BODY_FAMILIES: dict[str, tuple[str, ...]] = {
    "court": ("最高人民法院", "高级人民法院", "中级人民法院", "基层人民法院", "人民法院", "审判委员会"),
    "procuratorate": ("最高人民检察院", "人民检察院", "检察委员会"),
    "supervision": ("国家监察委员会", "监察委员会", "监察机关"),
    "police": ("公安机关", "公安部门", "国家安全机关"),
    "justice": ("国务院司法行政部门", "司法行政部门", "司法行政机关"),
    "congress": ("全国人民代表大会常务委员会", "全国人民代表大会", "人民代表大会常务委员会"),
    "government": ("国务院", "县级以上人民政府", "县级以上地方各级人民政府", "街道办事处"),
    "review": ("行政复议机关", "行政复议机构"),
    "legal_aid": ("法律援助机构",),
    "corrections": ("社区矫正机构", "监狱", "看守所"),
    "mediation": ("人民调解委员会",),
    "bar": ("律师协会",),
    "military": ("中央军事委员会",),
    "audit": ("审计机关",),
}
FAMILY = {name: family for family, names in BODY_FAMILIES.items() for name in names}
BODY = re.compile("|".join(sorted(map(re.escape, FAMILY), key=len, reverse=True)))

DUTY_FLIP = {"应当": "不得", "必须": "不得", "可以": "不得", "不得": "可以"}
CORE_BODIES = ("人民法院", "人民检察院", "公安机关", "国家安全机关", "司法行政部门", "监察机关", "国务院",
               "全国人民代表大会常务委员会", "县级以上人民政府", "法律援助机构", "行政复议机关")
_COMPOUND_START = ("有关", "部门", "所属", "主管", "各", "外交", "公安", "国家安全", "商务", "财政",
                   "民政", "教育", "卫生", "工作部门", "内设", "派出", "设立的")
_COMPOUND = re.compile(r"^[\u4e00-\u9fff]{0,8}(?:部门|机构|机关)")
_ITEM_INSIDE = re.compile(r"[（(][一二三四五六七八九十]+[)）]")
_SENTENCE = re.compile(r"[^。！？；]*[。！？；]|[^。！？；]+$")
PATTERNS: dict[FactKind, re.Pattern[str]] = {"period": PERIOD, "body": BODY, "duty": DUTY, "number": NUMBER}


@dataclass(frozen=True)
class Fact:
    """One key term inside one sentence of an article."""

    kind: FactKind
    term: str
    sentence: str
    start: int  # offset of ``term`` in ``sentence``

    def blanked(self, blank: str) -> str:
        """The sentence with this occurrence of the term replaced by ``blank``."""
        return self.sentence[: self.start] + blank + self.sentence[self.start + len(self.term):]


def norm(text: str) -> str:
    """Compare texts without whitespace (article texts carry \u3000 and line breaks)."""
    return re.sub(r"\s+", "", text)


def unit(term: str) -> str:
    """The unit of a period/number term: 十五日 → 日, 三个月 → 个月, 二十三周岁 → 周岁."""
    return re.sub(rf"^[{_CN}\d]+(?:分之[{_CN}\d]+)?", "", term)


def sentences(provision: Provision) -> list[str]:
    """Self-contained sentences of an article: split at 。！？； without list items or lead-ins."""
    out: list[str] = []
    for paragraph in provision.paragraphs or (provision.text.removeprefix(provision.label),):
        for raw in _SENTENCE.findall(norm(paragraph)):
            if 12 <= len(raw) <= 150 and not _ITEM_INSIDE.search(raw) and not raw.endswith(("：", ":")):
                out.append(raw)
    return out


def find_terms(kind: FactKind, text: str) -> list[re.Match[str]]:
    """All matches of one kind of key term in ``text``."""
    return list(PATTERNS[kind].finditer(text))


def facts_in(sentence: str, kinds: tuple[FactKind, ...] = ("period", "body", "duty", "number")) -> list[Fact]:
    """Key terms in one sentence, in order of kind then position."""
    return [Fact(kind, m.group(), sentence, m.start()) for kind in kinds for m in find_terms(kind, sentence)]


def article_facts(provision: Provision) -> list[Fact]:
    """Every key term of an article (only in its usable sentences)."""
    return [f for s in sentences(provision) for f in facts_in(s)]


def key_terms(provision: Provision) -> list[str]:
    """Distinct key terms for a reading view: periods, bodies and numbers first, then duty words."""
    seen: dict[str, None] = {}
    kinds: tuple[FactKind, ...] = ("period", "number", "body", "duty")
    for kind in kinds:
        for m in find_terms(kind, norm(provision.text.removeprefix(provision.label))):
            seen.setdefault(m.group(), None)
    return list(seen)


def same_family(a: str, b: str) -> bool:
    """True when two bodies may stand for each other (or one contains the other)."""
    return a in b or b in a or (FAMILY.get(a, a) == FAMILY.get(b, b))


def bodies_in(text: str) -> set[str]:
    """Families of the bodies named in ``text``."""
    return {FAMILY[m.group()] for m in BODY.finditer(text)}


def swappable(fact: Fact) -> bool:
    """False for a body that is only part of a longer name (国务院有关部门, 国务院外交、公安…主管部门)."""
    if fact.kind != "body":
        return True
    after = fact.sentence[fact.start + len(fact.term):]
    return not after.startswith(_COMPOUND_START) and not _COMPOUND.match(after)
