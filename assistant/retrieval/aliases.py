"""Names of indexed documents: derived forms plus common abbreviations kept by hand.

:func:`derived_names` gives what follows from a document's own titles (full title, without
中华人民共和国, short title, 人民法院组织法 → 法院组织法, speeches → 发言/讲话). :data:`ALIASES` holds
the abbreviations people actually type that cannot be derived (刑诉法, 法援法 …); an alias is used only
when its target is indexed.
"""

from __future__ import annotations

from assistant.types import Document

ALIASES: dict[str, str] = {
    "法援法": "法律援助法",
    "法律援助条例": "法律援助法",
    "刑诉法": "刑事诉讼法",
    "刑诉": "刑事诉讼法",
    "政务处分法": "公职人员政务处分法",
    "治安法": "治安管理处罚法",
    "治安处罚法": "治安管理处罚法",
    "治安条例": "治安管理处罚法",
    "治安管理处罚条例": "治安管理处罚法",
    "信访条例": "信访工作条例",
    "反恐法": "反恐怖主义法",
    "国安法": "国家安全法",
    "反黑法": "反有组织犯罪法",
    "反有组织犯罪": "反有组织犯罪法",
    "复议法": "行政复议法",
    "调解法": "人民调解法",
    "警察法": "人民警察法",
    "矫正法": "社区矫正法",
    "监察委员会组织法": "监察法",
}

_SPEECH_NAMES = ("发言材料", "研讨发言", "交流发言", "发言稿", "讲话稿", "发言", "讲话")
_DROP_PREFIXES = ("中华人民共和国", "人民", "中国共产党")


def derived_names(doc: Document) -> list[str]:
    """Names that refer to ``doc`` without a hand-kept alias."""
    names = [doc.title, doc.short_title]
    for name in (doc.title, doc.short_title):
        for prefix in _DROP_PREFIXES:
            stripped = name.removeprefix(prefix)
            if stripped != name and len(stripped) >= 3:
                names.append(stripped)
    if doc.kind == "speech":
        names.extend(_SPEECH_NAMES)
    return list(dict.fromkeys(n for n in names if n))
