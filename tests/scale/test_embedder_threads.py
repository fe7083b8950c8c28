"""The real embedders are shared by every request thread: threads embedding at once get the same vectors as one.

Eight threads are plenty to expose shared mutable state (tokenizer buffers, model caches); the bundled USE
model costs up to a second per call on a busy 2-core machine, so 20 would only make the test slow.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

from assistant.indexing.embedders import STATIC_MODEL_DIR, create_embedder

TEXTS = ["老板拖欠工资，能申请法律援助吗？", "邻居漏水纠纷找谁调解", "法律援助法第三十一条", "社区矫正对象可以外出吗",
         "行政复议的申请期限是多久"]
THREADS = 8
NAMES = ["use", pytest.param("static", marks=pytest.mark.skipif(
    not STATIC_MODEL_DIR.is_dir(), reason="assistant/models/zh_legal_static is not built yet"))]


@pytest.mark.parametrize("name", NAMES)
def test_threads_share_one_embedder(name: str) -> None:
    embedder = create_embedder(name)
    expected = embedder.embed(TEXTS)
    results: dict[int, np.ndarray] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def work(i: int) -> None:
        try:
            start.wait()
            results[i] = embedder.embed([TEXTS[i % len(TEXTS)]])[0]
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    for i, vector in results.items():
        np.testing.assert_allclose(vector, expected[i % len(TEXTS)], atol=1e-4)
    assert len(results) == THREADS
