"""Run retrieval configurations over the dev set; write evals/reports/retrieval.{md,json,png}.

Quality metrics use a persistent query-vector cache (each dev question is embedded once per
embedder); latency is measured separately on every 5th question with the real, uncached embedder.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.config import Settings, load_settings
from assistant.evaluation.baselines import PlainRetriever, Retriever, SystemRetriever
from assistant.evaluation.cache import CachedEmbedder
from assistant.evaluation.devset import DevItem
from assistant.evaluation.retrieval import Outcome, by_type, percentile, summarize
from assistant.indexing.embedders import Embedder, create_embedder
from assistant.indexing.reader import IndexReader
from assistant.indexing.vector_space import open_space
from assistant.retrieval.search import Searcher

CONFIGS = ("system", "lexical", "bm25", "dense", "rrf", "langchain")
LATENCY_STRIDE = 5


@dataclass
class ConfigResult:
    """Metrics of one configuration."""

    name: str
    metrics: dict[str, float]
    types: dict[str, dict[str, float]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


@dataclass
class Backend:
    """Everything the configurations of one index share."""

    index_dir: Path
    reader: IndexReader
    raw: Embedder
    cached: CachedEmbedder
    settings: Settings

    def searcher(self, embedder: Embedder) -> Searcher:
        """A Searcher over this index using ``embedder`` for queries."""
        space = open_space(self.index_dir, embedder.fingerprint, self.settings.index.chroma_url)
        store = space.reader(self.reader.generation)
        return Searcher(self.reader, embedder, store, self.settings.retrieval)


def open_backend(index_dir: Path, settings: Settings | None = None) -> Backend:
    """Reader, embedder (the one the index was built with) and a vector cache for ``index_dir``."""
    settings = settings or load_settings()
    reader = IndexReader(index_dir)
    name = settings.embedder.name
    if reader.manifest.embedder.startswith("static:"):
        name = "static"
    raw = create_embedder(name, settings.embedder.model, settings.embedder.batch_size)
    return Backend(index_dir, reader, raw, CachedEmbedder(raw, index_dir / ".eval-cache"), settings)


def open_searcher(index_dir: Path) -> tuple[Searcher, CachedEmbedder]:
    """The system Searcher with cached query vectors (used by evals/tune.py)."""
    backend = open_backend(index_dir)
    return backend.searcher(backend.cached), backend.cached


def make_retriever(name: str, backend: Backend, embedder: Embedder) -> Retriever:
    """The retriever of configuration ``name``."""
    if name == "langchain":
        from assistant.evaluation.langchain_baseline import LangChainRetriever

        return LangChainRetriever(backend.reader, embedder, backend.index_dir / ".eval-cache")
    searcher = backend.searcher(embedder)
    if name == "lexical":  # the system with dense_weight = 0: no query embedding at all
        searcher.params = replace(searcher.params, dense=0.0)
    return SystemRetriever(searcher) if name in ("system", "lexical") else PlainRetriever(searcher, name)


def run_items(retriever: Retriever, items: Sequence[DevItem]) -> list[Outcome]:
    """One outcome per item, timed."""
    outcomes: list[Outcome] = []
    for item in items:
        start = time.perf_counter()
        ranking, found = retriever.retrieve(item.question)
        outcomes.append(Outcome(item, tuple(ranking), found, time.perf_counter() - start))
    return outcomes


def latency(retriever: Retriever, items: Sequence[DevItem]) -> tuple[float, float]:
    """(p50, p95) in ms over every ``LATENCY_STRIDE``-th item, after one warm-up query."""
    sample = list(items[::LATENCY_STRIDE])
    if sample:
        retriever.retrieve(sample[0].question)
    seconds = [o.seconds * 1000 for o in run_items(retriever, sample)]
    return percentile(seconds, 50), percentile(seconds, 95)


def evaluate(name: str, backend: Backend, items: Sequence[DevItem], timing: bool = True,
             label: str = "") -> ConfigResult:
    """Quality on all items (cached vectors) and latency on a sample (real embedder)."""
    outcomes = run_items(make_retriever(name, backend, backend.cached), items)
    backend.cached.save()
    metrics = summarize(outcomes)
    if timing:
        metrics["p50_ms"], metrics["p95_ms"] = latency(make_retriever(name, backend, backend.raw), items)
    failures = [o.item.id for o in outcomes if _failed(o)]
    return ConfigResult(label or name, metrics, by_type(outcomes), failures)


def _failed(outcome: Outcome) -> bool:
    from assistant.evaluation.retrieval import gold_ranks, hit_at

    if outcome.item.abstain:
        return outcome.found
    return not hit_at(gold_ranks(outcome.ranking[:5], outcome.item.gold), 5)


def run_configs(index_dir: Path, names: Sequence[str], items: Sequence[DevItem], settings: Settings | None = None,
                timing: bool = True,
                extra: dict[str, Path] | None = None,
                progress: Callable[[str], None] = lambda _: None) -> list[ConfigResult]:
    """Evaluate ``names`` on ``index_dir``; ``extra`` maps a suffix to another index (e.g. static)."""
    results: list[ConfigResult] = []
    backend = open_backend(index_dir, settings)
    for name in names:
        progress(name)
        results.append(evaluate(name, backend, items, timing, f"{name}"))
    for suffix, folder in (extra or {}).items():
        other = open_backend(folder, settings)
        for name in ("system", "dense"):
            progress(f"{name}[{suffix}]")
            results.append(evaluate(name, other, items, timing, f"{name}[{suffix}]"))
    return results
