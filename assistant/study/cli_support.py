"""Shared CLI plumbing for the study commands: --index/--user/--data and the StudyService they open.

Documents come from the index (``--index``, current versions; all versions are used to check items);
study state lives in ``<data>/study.sqlite3`` (``--data``, default ``settings.ui.data_dir``). Tests can
pass ``obj={"documents": [...]}`` to ``CliRunner.invoke`` instead of an index.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from assistant.edge import friendly
from assistant.study.service import StudyService

F = TypeVar("F", bound=Callable[..., Any])


def common(func: F) -> F:
    """--index / --user / --data, and AssistantError → one-line message, exit status 2."""

    @click.option("--index", "index", type=click.Path(file_okay=False), help="索引文件夹")
    @click.option("--user", "user", default="default", show_default=True, help="学习者名称（进度按用户保存）")
    @click.option("--data", "data", type=click.Path(file_okay=False), help="学习记录文件夹（默认 data/）")
    @friendly
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def service(index: str | None, data: str | None) -> StudyService:
    """The study service over the index (or over ``ctx.obj['documents']`` in tests)."""
    obj = click.get_current_context().obj
    if isinstance(obj, dict) and "documents" in obj:
        return StudyService(obj["documents"], Path(data or "data"))
    from assistant.config import load_settings
    from assistant.indexing.reader import IndexReader

    settings = load_settings()
    reader = IndexReader(Path(index).resolve() if index else settings.resolve(settings.index.dir))
    docs = reader.documents()
    current = [d for d in docs if reader.is_current(d.doc_id)]
    data_dir = Path(data) if data else settings.resolve(settings.ui.data_dir)
    return StudyService(current, data_dir, reference=docs)
