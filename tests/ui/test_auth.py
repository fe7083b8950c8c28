"""Optional login: PBKDF2 hashes in users.toml."""

from __future__ import annotations

import pytest

from assistant.errors import ConfigError
from assistant.ui import auth


def test_hash_and_verify_roundtrip():
    encoded = auth.hash_password("正确的密码", iterations=1000)
    assert encoded.startswith("pbkdf2_sha256$1000$")
    assert auth.verify_password("正确的密码", encoded)
    assert not auth.verify_password("错误的密码", encoded)
    assert auth.hash_password("x", iterations=1000) != auth.hash_password("x", iterations=1000)  # salted


@pytest.mark.parametrize("bad", ["", "plain", "md5$1$a$b", "pbkdf2_sha256$x$a$b", "pbkdf2_sha256$10$!!$b"])
def test_malformed_hashes_never_match(bad):
    assert not auth.verify_password("x", bad)


def test_users_file_and_gradio_callable(tmp_path):
    users = tmp_path / "users.toml"
    users.write_text(auth.user_entry("alice", "s3cret", iterations=1000)
                     + auth.user_entry("bob", "hunter2", iterations=1000), encoding="utf-8")
    assert set(auth.load_users(users)) == {"alice", "bob"}
    check = auth.make_auth(users)
    assert check("alice", "s3cret") and check("bob", "hunter2")
    assert not check("alice", "hunter2") and not check("mallory", "s3cret")


def test_bad_users_files_raise_config_error(tmp_path):
    empty = tmp_path / "empty.toml"
    empty.write_text("[other]\nx = 1\n", encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text("[users.alice\n", encoding="utf-8")
    for path in (empty, broken, tmp_path / "missing.toml"):
        with pytest.raises(ConfigError):
            auth.make_auth(path)
    with pytest.raises(ConfigError):
        auth.user_entry("bad name]", "x")


def test_current_user_defaults_to_single_user():
    class Request:
        username = "alice"

    assert auth.current_user(Request()) == "alice"
    assert auth.current_user(object()) == auth.SINGLE_USER == "default"


def test_failed_logins_are_rate_limited(tmp_path):
    from assistant.ui.auth import LoginLimiter, make_auth, user_entry

    users = tmp_path / "users.toml"
    users.write_text(user_entry("alice", "right-pass", iterations=1000), encoding="utf-8")
    now = [0.0]
    check = make_auth(users, LoginLimiter(limit=3, window=60, clock=lambda: now[0]))
    assert check("alice", "right-pass")
    for _ in range(3):
        assert not check("alice", "wrong")
    assert not check("alice", "right-pass")  # blocked even with the right password
    now[0] = 61.0
    assert check("alice", "right-pass")
