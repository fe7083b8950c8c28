"""The rerank path with a real sentence-transformers CrossEncoder: a tiny BERT built here, saved to a folder
and loaded offline by name, exactly as ``retrieval.reranker = "/path/to/model"`` would load one."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_index import DATA, build, searcher

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")


@pytest.fixture(scope="module")
def cross_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer BERT cross-encoder (random weights, fixed seed) over the fixtures' characters."""
    folder = tmp_path_factory.mktemp("cross-encoder")
    chars = sorted({ch for f in DATA.rglob("*.md") for ch in f.read_text(encoding="utf-8") if not ch.isspace()})
    (folder / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]) + "\n",
                                      encoding="utf-8")
    tokenizer = transformers.BertTokenizer(str(folder / "vocab.txt"), tokenize_chinese_chars=True)
    torch.manual_seed(7)
    config = transformers.BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2,
                                     num_attention_heads=2, intermediate_size=64, num_labels=1,
                                     max_position_embeddings=512)
    transformers.BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_configured_cross_encoder_reorders_a_deeper_list(tmp_path: Path, cross_encoder: Path) -> None:
    from sentence_transformers import CrossEncoder

    index = build(tmp_path / "index")
    plain = searcher(index)
    reranked = searcher(index, reranker=str(cross_encoder))
    question = "志愿者应当保守个人隐私"
    result = reranked.search(question, k=3)
    assert [h.source for h in result.hits] == ["rerank"] * 3
    deep = plain.search(question, k=20).hits
    model = CrossEncoder(str(cross_encoder), device="cpu")
    texts = [plain.reader.provision(h.chunk.doc_id, h.chunk.article).text for h in deep]
    scores = [float(s) for s in model.predict([(question, t) for t in texts])]
    expected = [deep[i].chunk.chunk_id for i in sorted(range(len(deep)), key=lambda i: -scores[i])[:3]]
    assert [h.chunk.chunk_id for h in result.hits] == expected  # the model's own order over the deeper list
    assert result.found == plain.search(question, k=3).found  # the abstain decision is the fused ranking's


def test_a_reranker_that_is_not_a_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    from assistant.errors import BackendUnavailableError

    index = build(tmp_path / "index")
    (tmp_path / "empty").mkdir()
    with pytest.raises(BackendUnavailableError, match="重排模型"):
        searcher(index, reranker=str(tmp_path / "empty"))


def test_the_tiny_model_disagrees_with_fusion(tmp_path: Path, cross_encoder: Path) -> None:
    """Guards the test above: with these weights the rerank moves hits from below the fused top 3."""
    index = build(tmp_path / "index")
    question = "志愿者应当保守个人隐私"
    fused = [h.chunk.chunk_id for h in searcher(index).search(question, k=3).hits]
    reranked = [h.chunk.chunk_id for h in searcher(index, reranker=str(cross_encoder)).search(question, k=3).hits]
    assert set(reranked) - set(fused)
