"""Calibrated "does the corpus answer this?" score for ranked retrieval.

Features (all cheap, none depends on the embedder, so one calibration serves every index):

* ``bigram_cover`` — share of the character bigrams of the question and of its added legal terms that
  occur in the best of the top 3 articles;
* ``bigram_oov`` — share of the question's bigrams that occur nowhere in the corpus (世界杯, 起征点);
* ``word_oov`` — share of the question's words (≥ 2 characters) the corpus never uses;
* ``lay_terms`` — 1 when the thesaurus recognised everyday legal vocabulary (被打了, 拖欠工资);
* ``named`` — 1 when the question names a loaded document.

``confidence = sigmoid(w·x + b)``, a logistic regression fitted on the dev set by ``evals/calibrate.py``
(coefficients below). The intercept is shifted so that the operating point chosen on the dev set sits
at ``retrieval.min_score`` = 0.15: the searcher answers when ``confidence ≥ min_score``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from assistant.retrieval.articles import ArticleIndex, ArticleKey, bigrams

TOP_ARTICLES = 3
FEATURES = ("bigram_cover", "bigram_oov", "word_oov", "lay_terms", "named")
WEIGHTS = (1.978, -1.703, -1.894, 1.56, 1.504)
INTERCEPT = -0.821
# bigrams of question words (怎么办, 什么, 多少 …): they are in every question and say nothing about the topic
QUESTION_BIGRAMS = frozenset("怎么 么办 么样 什么 哪些 哪个 哪里 多少 多久 多长 长时 时间 是否 能不 不能 可以 "
                             "请问 一下 如何 怎样 为什 为何 有没 没有 会不 不会 要不 不要".split())
# thesaurus terms that only restate the question form (哪些 → 下列); they say nothing about the topic
QUESTION_FORM_TERMS = frozenset({"下列", "下列情形", "情形", "种类", "条件", "应当具备", "期限", "日内", "期间"})


@dataclass(frozen=True)
class Confidence:
    """The features above over one index generation's article index (its BM25 vocabularies and texts)."""

    articles: ArticleIndex

    @classmethod
    def from_articles(cls, articles: ArticleIndex) -> Confidence:
        """Features of ``articles``; nothing is precomputed (the vocabularies are the BM25 models')."""
        return cls(articles)

    def features(self, text: str, tokens: list[str], terms: tuple[str, ...], named: bool,
                 order: list[ArticleKey]) -> dict[str, float]:
        """The feature vector of one ranked query."""
        grams = [g for g in dict.fromkeys(bigrams(text)) if g not in QUESTION_BIGRAMS and g[0] not in "了吗呢吧啊"]
        wanted = list(dict.fromkeys(grams + [g for t in terms for g in bigrams(t)]))
        words = [w for w in dict.fromkeys(tokens) if len(w) >= 2]
        top = [set(bigrams(self.articles.texts[k])) for k in order[:TOP_ARTICLES] if k in self.articles.texts]
        cover = max((sum(g in article for g in wanted) for article in top), default=0)
        bigram_vocab, word_vocab = self.articles.bigrams.vocab, self.articles.words.vocab
        return {
            "bigram_cover": cover / len(wanted) if wanted else 0.0,
            "bigram_oov": sum(g not in bigram_vocab for g in grams) / len(grams) if grams else 1.0,
            "word_oov": sum(w not in word_vocab for w in words) / len(words) if words else 1.0,
            "lay_terms": float(any(t not in QUESTION_FORM_TERMS for t in terms)),
            "named": float(named),
        }

    @staticmethod
    def probability(features: dict[str, float]) -> float:
        """sigmoid(w·x + b) with the calibrated coefficients."""
        z = INTERCEPT + sum(w * features[name] for name, w in zip(FEATURES, WEIGHTS, strict=True))
        return 1.0 / (1.0 + math.exp(-z))
