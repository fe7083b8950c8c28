"""Optional cross-encoder rerank of the top hits (``retrieval.reranker`` names a local model)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assistant.errors import BackendUnavailableError
from assistant.indexing.reader import IndexReader
from assistant.types import Hit


class Reranker:
    """sentence-transformers CrossEncoder over (question, full article text) pairs."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def rerank(self, question: str, hits: list[Hit], reader: IndexReader) -> list[Hit]:
        """Hits reordered by the cross-encoder score (lookups are never reranked)."""
        texts = [reader.provision(h.chunk.doc_id, h.chunk.article).text for h in hits]
        scores = self.model.predict([(question, t) for t in texts])
        pairs = sorted(zip(hits, map(float, scores), strict=True), key=lambda p: -p[1])
        return [replace(h, score=round(s, 4), source="rerank") for h, s in pairs]


def load_reranker(name: str) -> Reranker | None:
    """The configured local cross-encoder, or None when ``name`` is empty."""
    if not name:
        return None
    try:
        from sentence_transformers import CrossEncoder

        return Reranker(CrossEncoder(name, device="cpu"))
    except Exception as exc:  # OSError, ValueError, HF errors when the model is not on disk
        raise BackendUnavailableError(
            f"无法离线加载重排模型 {name!r}：{exc.__class__.__name__}",
            hint="retrieval.reranker 应为本地 CrossEncoder 模型文件夹；留空则不重排",
        ) from exc
