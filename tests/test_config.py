import pytest

from assistant.config import load_settings
from assistant.errors import ConfigError
from assistant.registry import Registry


def test_env_overrides_nested_key(monkeypatch):
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", "/tmp/x-index")
    s = load_settings()
    assert s.llm.base_url == "http://127.0.0.1:9/v1"
    assert s.index.dir == "/tmp/x-index"


def test_unknown_key_in_toml_is_rejected(tmp_path, monkeypatch):
    cfg = tmp_path / "assistant.toml"
    cfg.write_text('[index]\ndirr = "x"\n', encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_CONFIG", str(cfg))
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "index.dirr" in str(err.value)


def test_registry_unknown_name_lists_valid_names():
    reg: Registry[int] = Registry("测试后端")
    reg.register("alpha")(lambda: 1)
    reg.register("beta")(lambda: 2)
    assert reg.create("beta") == 2
    with pytest.raises(ConfigError) as err:
        reg.create("gamma")
    assert "alpha" in str(err.value) and "beta" in str(err.value)
