"""Name → implementation registries; an unknown name lists the valid ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from assistant.errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    """A small named factory table, e.g. embedders or answerers."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        """Decorator registering ``factory`` under ``name``."""

        def wrap(factory: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = factory
            return factory

        return wrap

    def names(self) -> list[str]:
        """Registered names, sorted."""
        return sorted(self._factories)

    def create(self, name: str, **kwargs: object) -> T:
        """Build the implementation registered as ``name``."""
        if name not in self._factories:
            valid = "、".join(self.names())
            raise ConfigError(f"未知的{self.kind}：{name!r}", hint=f"可选值：{valid}")
        return self._factories[name](**kwargs)
