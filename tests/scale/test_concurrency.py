"""Concurrent users while the library is re-ingested: no errors, and every answer cites one whole generation.

20 threads ask (streamed, each with its own session) through one shared Assistant — one embedder, one
Chroma client, one searcher reloaded when CURRENT changes — while another thread edits the corpus and
ingests it into the same index three times (an article reworded, a law added, another removed). Each
answer must cite provisions that all exist, word for word, in a single generation: the old or the new
index, never half of each.

The users' embedder is a fast hash embedder selected through the registry, so the test measures the
service's concurrency rather than model speed (the real embedders' thread safety is tested in
test_embedder_threads.py).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from scale_fixtures import HashEmbedder, cited, copy_spine, edit_round, hash_settings, universe

from assistant.answering.service import Assistant
from assistant.answering.streaming import final
from assistant.indexing.build import IndexBuilder
from assistant.indexing.reader import IndexReader
from assistant.indexing.vector_space import open_space
from assistant.types import Answer

USERS = 20
ROUNDS = 3
AFTER = 1  # questions each user still asks once the last ingest has finished
MOST = 12  # questions per user at most (bounds the runtime on a slow machine)
PAUSE = 0.05  # seconds between a user's questions
QUESTIONS = ["邻居漏水纠纷找谁调解", "示例社区服务条例第四条", "经济困难付不起服务费怎么办", "示例社区服务条例第七条",
             "观测站应当记录什么", "天文观测规程第二条", "社区服务中心的职责是什么"]


def test_twenty_users_ask_while_the_index_is_reingested(tmp_path: Path) -> None:
    corpus, index = copy_spine(tmp_path / "corpus"), tmp_path / "index"
    bot = Assistant(hash_settings(index))
    bot.ingest([corpus], progress=False)
    first = IndexReader(index)
    generations = {first.generation.name: universe(first)}
    answers: list[tuple[str, Answer]] = []
    errors: list[BaseException] = []
    pieces = [0]
    done = threading.Event()
    start = threading.Barrier(USERS + 1)

    def ingester() -> None:
        try:
            start.wait()
            for n in range(1, ROUNDS + 1):
                time.sleep(0.3)  # let some questions run against the previous generation
                edit_round(corpus, n)
                report = bot.ingest([corpus], progress=False)
                assert report.published and not report.failed, report
                reader = IndexReader(index)
                generations[reader.generation.name] = universe(reader)
        except BaseException as exc:
            errors.append(exc)
        finally:
            done.set()

    def user(i: int) -> None:
        try:
            start.wait()
            asked = after = 0
            while after < AFTER and asked < MOST:
                after += done.is_set()
                time.sleep(PAUSE)
                question = QUESTIONS[(i + asked) % len(QUESTIONS)]
                items = list(bot.stream(question, session_id=f"user-{i}"))
                pieces[0] += sum(isinstance(x, str) for x in items)
                answers.append((question, final(items)))
                asked += 1
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ingester)] + [threading.Thread(target=user, args=(i,)) for i in range(USERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert not errors, errors
    assert len(generations) == ROUNDS + 1
    assert len(answers) >= USERS * (AFTER + 1) and pieces[0] > 0
    assert {a.found for _, a in answers} == {True, False}  # lookups, ranked answers and "not found" all ran
    for question, answer in answers:
        whole = [name for name, provisions in generations.items() if cited(answer) <= provisions]
        assert whole, f"{question!r} cites provisions of no single generation: {sorted(cited(answer))}"


def test_readers_never_load_half_a_generation(tmp_path: Path) -> None:
    """IndexReader retries when an ingest publishes and garbage-collects the generation it was loading."""
    corpus, index = copy_spine(tmp_path / "corpus"), tmp_path / "index"
    embedder = HashEmbedder()
    builder = IndexBuilder(index, embedder, open_space(index, embedder.fingerprint), progress=False)
    builder.ingest([corpus])
    errors: list[BaseException] = []
    loads = [0]
    done = threading.Event()

    def reload() -> None:
        try:
            while not done.is_set():
                reader = IndexReader(index)
                ids = {c.chunk_id for s in reader.docs.values() for c in s.chunks}
                assert set(reader.lexical.ids) == ids, "BM25 and documents from different generations"
                assert {d.doc_id for d in reader.manifest.documents} == set(reader.docs)
                loads[0] += 1
        except BaseException as exc:
            errors.append(exc)

    readers = [threading.Thread(target=reload) for _ in range(4)]
    for t in readers:
        t.start()
    try:
        for n in range(1, 9):
            edit_round(corpus, n)
            assert builder.ingest([corpus]).published
    finally:
        done.set()
        for t in readers:
            t.join(timeout=60)
    assert not errors, errors
    assert loads[0] > 0
    assert len(list(index.glob("gen-*"))) <= 2  # the current generation and one grace generation
