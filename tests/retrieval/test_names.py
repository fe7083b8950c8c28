"""Law names: derived short forms, hand-kept aliases, unknown laws, topics of unloaded laws."""

from assistant.retrieval.aliases import ALIASES, derived_names
from assistant.retrieval.names import NameResolver, gazetteer, topic_laws
from assistant.types import Document


def doc(title, short, kind="law", version="2020-01-01"):
    return Document(f"d-{short}-{version}", "x", title, short, "法律", version, kind, "0")


DOCS = [doc("中华人民共和国法律援助法", "法律援助法"), doc("中华人民共和国人民法院组织法", "人民法院组织法"),
        doc("中华人民共和国监察法", "监察法"), doc("某县研讨交流发言材料", "研讨交流发言材料", kind="speech")]


def test_derived_names():
    assert "法院组织法" in derived_names(DOCS[1])
    assert "法律援助法" in derived_names(DOCS[0]) and "中华人民共和国法律援助法" in derived_names(DOCS[0])
    assert "发言" in derived_names(DOCS[3])


def test_aliases_only_for_loaded_laws():
    names = NameResolver(DOCS)
    assert names.resolve("法援法") == "法律援助法"
    assert names.resolve("刑诉法") == ""  # 刑事诉讼法 is not loaded here
    assert ALIASES["刑诉法"] == "刑事诉讼法"


def test_longest_name_wins():
    names = NameResolver(DOCS)
    assert names.unknown("监察法实施条例第三条") == ["监察法实施条例"]
    assert names.mentioned("监察法实施条例第三条") == []
    assert names.mentioned("宪法和监察法分别怎样规定") == ["监察法"]


def test_unknown_laws_and_brackets():
    names = NameResolver(DOCS)
    assert names.unknown("劳动合同法规定试用期多久") == ["劳动合同法"]
    assert names.unknown("《网络安全审查办法》有什么规定") == ["网络安全审查办法"]
    assert names.unknown("有限责任公司法定代表人是谁") == []  # 公司法 glued into 法定
    assert names.unknown("这样做合法吗？依法办事") == []


def test_speech_named_with_unknown_regulation():
    names = NameResolver(DOCS)
    text = "发言里是怎么谈学习贯彻《中国共产党政法工作条例》的？"
    assert names.mentioned(text) == ["研讨交流发言材料"]
    assert names.unknown(text) == ["中国共产党政法工作条例"]


def test_resolve_suffix():
    names = NameResolver(DOCS)
    assert names.resolve_suffix("请问法援法") == "法律援助法"
    assert names.resolve_suffix("法援法的规定") == ""


def test_topics_of_unloaded_laws():
    names = NameResolver(DOCS)
    assert names.implied("父母没留遗嘱，遗产怎么分") == ["民法典"]
    assert names.implied("申请法律援助的流程") == []
    assert all(topic and law for topic, law in topic_laws())
    assert "刑法" in gazetteer() and "民法典" in gazetteer()
