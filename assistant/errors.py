"""One error tree. Messages name the file or key and say what to do; the CLI/UI only render them."""

from __future__ import annotations


class AssistantError(Exception):
    """Root of every error the assistant raises on purpose."""

    def __init__(self, message: str, *, hint: str = "", path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = path

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        fix = f"（处理办法：{self.hint}）" if self.hint else ""
        return f"{where}{self.message}{fix}"


class ConfigError(AssistantError):
    """A setting is missing, unknown or invalid."""


class LoaderError(AssistantError):
    """A file cannot be read: empty, corrupt, encrypted, undecodable, no text."""


class StructureError(AssistantError):
    """Text was read but no usable structure (articles or sections) was found."""


class IndexStoreError(AssistantError):
    """The index is missing, was built by another embedder, or is unusable."""


class NotFoundError(AssistantError):
    """A requested document or article does not exist in the index."""


class BackendUnavailableError(AssistantError):
    """A model, server or endpoint cannot be reached or loaded."""
