"""One Settings object from ``assistant.toml`` plus ``ASSISTANT_*`` environment variables.

Unknown keys are rejected. Nested keys map to env vars with one underscore after the section,
e.g. ``ASSISTANT_LLM_BASE_URL`` → ``llm.base_url``, ``ASSISTANT_INDEX_DIR`` → ``index.dir``.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

from assistant.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CorpusSettings(_Section):
    folders: list[str] = ["corpus", "../shared/corpus/study"]
    max_file_mb: int = 50


class IndexSettings(_Section):
    dir: str = "index"
    chroma_url: str = ""  # e.g. http://127.0.0.1:8000 selects the Chroma server
    max_chunk_chars: int = 1200


class EmbedderSettings(_Section):
    name: str = "static"  # registry name: static (bundled in-domain model) | use | sentence-transformers
    model: str = ""  # model name or local folder for sentence-transformers
    batch_size: int = 64


class RetrievalSettings(_Section):
    k: int = 5
    bm25_weight: float = 0.7
    dense_weight: float = 0.1  # chosen on the dev set for the static model (0.2 for USE, see evals/reports/)
    min_score: float = 0.15
    reranker: str = ""


class LLMSettings(_Section):
    base_url: str = ""
    model: str = ""
    api_key: str = ""
    timeout: float = 30.0
    temperature: float = 0.1


class UISettings(_Section):
    host: str = "127.0.0.1"
    port: int = 7860
    data_dir: str = "data"


class Settings(BaseSettings):
    """All settings; sections mirror ``assistant.toml``."""

    model_config = SettingsConfigDict(
        extra="forbid", env_prefix="ASSISTANT_", env_nested_delimiter="_",
        env_nested_max_split=1, frozen=True,
    )
    corpus: CorpusSettings = CorpusSettings()
    index: IndexSettings = IndexSettings()
    embedder: EmbedderSettings = EmbedderSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    llm: LLMSettings = LLMSettings()
    ui: UISettings = UISettings()

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_config_path())
        return (init_settings, env_settings, toml)

    def resolve(self, path: str) -> Path:
        """A configured relative path is relative to the project root."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else ROOT / p

    def corpus_folders(self) -> list[Path]:
        """Configured corpus folders that exist on this machine."""
        return [p for p in map(self.resolve, self.corpus.folders) if p.is_dir()]


def _config_path() -> Path:
    return Path(os.environ.get("ASSISTANT_CONFIG", ROOT / "assistant.toml"))


def load_settings(**overrides: object) -> Settings:
    """Load settings; invalid or unknown keys become a ConfigError naming the key."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"配置项 {key} 无效：{first['msg']}",
            hint="检查 assistant.toml 或 ASSISTANT_* 环境变量的拼写和取值", path=str(_config_path()),
        ) from exc
