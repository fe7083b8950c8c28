"""The CLI edge: AssistantError becomes a one-line Chinese message and exit status 2 (used by every command)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from assistant.errors import AssistantError

F = TypeVar("F", bound=Callable[..., Any])


def friendly(func: F) -> F:
    """Render AssistantError as a one-line Chinese message and exit status 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AssistantError as exc:
            click.echo(f"错误：{exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]
