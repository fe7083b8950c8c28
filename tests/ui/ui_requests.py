"""A stand-in for the ``gr.Request`` of a signed-in user (handlers only read ``username``)."""

from __future__ import annotations

from types import SimpleNamespace


def req(name: str) -> SimpleNamespace:
    """The request of user ``name``."""
    return SimpleNamespace(username=name)
