"""Rule-based follow-up rewriting: carry the last law, article and version into a standalone query.

``那第二款呢？`` → ``《X》第N条第二款呢？`` (a lookup of article N); ``这一条在2018年版里怎么规定的？``
→ ``《X》第N条在2018年版里怎么规定的？``; ``如果是未成年人呢？`` → ``《X》如果是未成年人呢？``.
Questions that name a law, or that read as standalone, are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.answering.conversation import Context, Names, year_of
from assistant.ingest.numerals import CN_NUMBER, article_label
from assistant.retrieval.lookup import ARTICLE_REF

RewriteKind = Literal["standalone", "article", "carry"]

PARAGRAPH = re.compile(rf"第\s*(?:{CN_NUMBER}|\d+)\s*款")
THIS_ARTICLE = re.compile(r"这一条|这个条文|这条|该条|本条|此条|上述条文")
NEIGHBOUR = {"上一条": -1, "前一条": -1, "下一条": 1, "后一条": 1}
LEAD = re.compile(r"^(?:那么|那|所以|然后)\s*[，,]?")
FOLLOW_START = re.compile(
    r"^(?:那么|那|如果|要是|假如|若是|若|还有|另外|此外|其中|同样|再|这种|这个|这样|它|其)")
PRONOUN = re.compile(r"这种情况|这种情形|这样的话|这样|上述|这个|它")
OTHER_LAW = re.compile(r"[\u4e00-\u9fff]{1,10}(?:法典|法|条例)(?=呢|吗|里|中|的|第|是|[？?。！!]|$)")
COMMON_FA = ("违法", "合法", "非法", "依法", "执法", "司法", "立法", "方法", "办法", "说法", "做法",
             "想法", "看法", "用法", "守法", "犯法", "无法", "设法", "算法", "手法", "枉法", "护法")
ASKING = re.compile(r"多久|多长|多少|怎么|如何|什么|哪|谁|几|能否|可以吗|行吗|要钱|收费")
_PUNCT = re.compile(r"[\s，。？！?!、；;：:“”\"'「」]")


@dataclass(frozen=True)
class Rewrite:
    """The query to retrieve with, and how it was derived."""

    query: str
    kind: RewriteKind


def core(text: str) -> str:
    """The question without punctuation, a leading 那/那么 and a trailing 呢."""
    return _PUNCT.sub("", LEAD.sub("", text.strip())).removesuffix("呢")


def names_other_law(question: str) -> bool:
    """True when the question names a law (possibly one that is not loaded): 《…》, 刑法, …条例."""
    if "《" in question:
        return True
    return any(not m.group(0).endswith(COMMON_FA) for m in OTHER_LAW.finditer(question))


def is_followup(question: str) -> bool:
    """Short or elliptical questions that lean on the previous turn."""
    text = core(question)
    if len(text) <= 6:
        return True
    trimmed = question.strip().rstrip("？?。！! ")
    if len(text) <= 16 and (trimmed.endswith("呢") or FOLLOW_START.match(question.strip())):
        return True
    return len(text) <= 24 and bool(PRONOUN.search(question))


def rewrite_followup(question: str, ctx: Context, names: Names) -> Rewrite:
    """The standalone query for ``question`` given the conversation context."""
    q = question.strip()
    if not q or not ctx.title or names_other_law(q) or names.mentioned(q) or names.unknown(q):
        return Rewrite(q, "standalone")
    article = _article_followup(q, ctx)
    if article is not None:
        return Rewrite(article, "article")
    if is_followup(q):
        return Rewrite(_carry(q, ctx), "carry")
    return Rewrite(q, "standalone")


def _version_suffix(question: str, ctx: Context) -> str:
    return f"（{ctx.version}年版）" if ctx.version and not year_of(question) else ""


def _article_followup(q: str, ctx: Context) -> str | None:
    """Rewrites that resolve to one article of the last law, or None."""
    body, law = LEAD.sub("", q), f"《{ctx.title}》"
    suffix = _version_suffix(q, ctx)
    for word, step in NEIGHBOUR.items():
        if word in body and ctx.article + step > 0 and ctx.article:
            return body.replace(word, law + article_label(ctx.article + step), 1) + suffix
    this = THIS_ARTICLE.search(body)
    if this and ctx.article:
        return body[: this.start()] + law + article_label(ctx.article) + body[this.end():] + suffix
    ref = ARTICLE_REF.search(body)
    if ref:
        return body[: ref.start()] + law + body[ref.start():] + suffix
    para = PARAGRAPH.search(body)
    if para and ctx.article:
        return body[: para.start()] + law + article_label(ctx.article) + body[para.start():] + suffix
    if year_of(q) and ctx.article and is_followup(q):
        return law + article_label(ctx.article) + body
    return None


def _carry(q: str, ctx: Context) -> str:
    """Prepend the last law; bare question words (要多久？) also take the last query as their topic."""
    body = LEAD.sub("", q).strip()
    short = core(q)
    if len(short) <= 5 and ASKING.search(short) and ctx.query:
        topic = ctx.query if ctx.title in ctx.query else f"《{ctx.title}》{ctx.query}"
        return f"{topic} {body}"
    return f"《{ctx.title}》{body}"
