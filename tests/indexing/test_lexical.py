"""bm25s scores checked against independent implementations (rank_bm25 ranking, Lucene formula by hand)."""

import math

import numpy as np
from rank_bm25 import BM25Okapi

from assistant.indexing.lexical import LexicalIndex
from assistant.indexing.tokenize import tokenize

DOCS = [
    "第一条　为了规范和促进法律援助工作，保障公民和有关当事人的合法权益，制定本法。",
    "第二条　本法所称法律援助，是国家建立的为经济困难公民和符合法定条件的其他当事人"
    "无偿提供法律咨询、代理、刑事辩护等法律服务的制度。",
    "第三条　人民调解委员会调解民间纠纷，应当遵循自愿、平等的原则。",
    "第四条　殴打他人的，或者故意伤害他人身体的，处五日以上十日以下拘留。",
    "第五条　律师事务所应当建立健全执业管理制度。",
    "第六条　社区矫正对象离开所居住的市、县，应当经社区矫正机构批准。",
    "第七条　信访人可以采用书信、电子邮件、走访等形式提出信访事项。",
    "第八条　行政复议机关应当自受理申请之日起六十日内作出行政复议决定。",
]


def lucene_bm25(query, corpus, k1=1.2, b=0.75):
    n = len(corpus)
    avg = sum(map(len, corpus)) / n
    out = []
    for doc in corpus:
        score = 0.0
        for term in set(query):
            df = sum(term in d for d in corpus)
            if df == 0:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            tf = doc.count(term)
            score += idf * tf / (tf + k1 * (1 - b + b * len(doc) / avg))
        out.append(score)
    return np.array(out)


def test_tokenize_keeps_legal_terms_and_article_refs():
    tokens = tokenize("第三十一条　当事人可以向法律援助机构申请法律援助，依照第二十 条办理")
    assert "法律援助" in tokens and "第三十一条" in tokens and "第二十条" in tokens
    assert "一条" not in tokens and "的" not in tokens


def test_bm25_ranking_matches_rank_bm25(tmp_path):
    tokens = [tokenize(d) for d in DOCS]
    ours = LexicalIndex.build([str(i) for i in range(len(DOCS))], tokens)
    ours.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    reference = BM25Okapi(tokens, k1=1.2, b=0.75)
    for query in ["法律援助 申请", "调解 纠纷", "殴打 他人 拘留", "社区矫正 离开 居住"]:
        q = tokenize(query)
        assert np.allclose(loaded.scores(q), lucene_bm25(q, tokens), atol=1e-4)
        expected = int(np.argmax(reference.get_scores(q)))
        assert loaded.search(q, 1)[0][0] == str(expected)
    assert not list(tmp_path.joinpath("bm25").glob("*.pkl"))


def test_unknown_query_returns_nothing():
    ix = LexicalIndex.build(["a"], [tokenize(DOCS[0])])
    assert ix.search("量子计算", 5) == []
