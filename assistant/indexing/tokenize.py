"""Chinese tokens for BM25: jieba with a legal user dictionary, stopwords and punctuation removed.

bm25s' own tokenizer treats a run of Chinese characters as one token, so we always pass jieba tokens.
Search-mode segmentation (``cut_for_search``) adds the sub-words of long compounds
(法律援助机构 → 法律 援助 法律援助 机构 …) so that short query words still match.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from importlib import resources

import jieba

_KEEP = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9]")
_REF = re.compile(r"(第[零〇一二两三四五六七八九十百千\d]+\s*[条款项章节编])")
STOPWORDS = frozenset(
    "的 了 和 与 及 或 等 是 在 对 由 其 之 为 以 于 被 把 将 有 应当 可以 依照 按照 规定 本法 "
    "什么 怎么 怎样 如何 哪些 哪个 吗 呢 吧 啊 我 你 他 她 我们 他们 能 会 要 想 请问 一下 "
    "这 那 这个 那个 这些 那些 就 也 都 还 又 而 但 并 如果 因为 所以 什么样 多少 是否".split()
)


@cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    userdict = resources.files("assistant.resources").joinpath("legal_userdict.txt")
    with resources.as_file(userdict) as path:
        tok.load_userdict(str(path))
    return tok


def add_words(words: list[str]) -> None:
    """Teach the tokenizer extra terms (document short titles, thesaurus entries)."""
    tok = _tokenizer()
    for word in words:
        tok.add_word(word, freq=20000)


def tokenize(text: str) -> list[str]:
    """Tokens for indexing and querying (search-mode jieba, stopwords dropped)."""
    tokens: list[str] = []
    for i, piece in enumerate(_REF.split(text)):
        if i % 2:  # an article/paragraph reference stays one token: 第三十一条
            tokens.append(re.sub(r"\s+", "", piece))
            continue
        for token in _tokenizer().cut_for_search(piece):
            token = token.strip().lower()
            if token and token not in STOPWORDS and _KEEP.search(token):
                tokens.append(token)
    return tokens


def tokenize_many(texts: list[str]) -> list[list[str]]:
    """Tokenize a batch of texts."""
    return [tokenize(t) for t in texts]
