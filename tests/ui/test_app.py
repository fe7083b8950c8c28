"""App assembly, the serve command, and login over HTTP."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from click.testing import CliRunner

from assistant.ui import app, auth, commands


def test_build_app_and_refresh(assistant, tmp_path):
    demo = app.build_app(assistant, tmp_path / "uploads")
    assert demo.title == "政法学习助手"
    out = app.refresh_all(assistant)
    assert len(out) == 6 and "共 2 部文件" in out[-1]
    assert not (tmp_path / "uploads").exists()  # nothing is written until something is uploaded


def test_serve_command_help_and_upload_folder():
    result = CliRunner().invoke(commands.serve, ["--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--index", "--auth"):
        assert option in result.output
    settings = commands.load_settings()
    assert commands.upload_folder(settings) == settings.resolve(settings.ui.data_dir) / "uploads"


def test_serve_rejects_a_bad_users_file(tmp_path):
    bad = tmp_path / "users.toml"
    bad.write_text("nothing = 1\n", encoding="utf-8")
    result = CliRunner().invoke(commands.serve, ["--auth", str(bad), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 2 and "用户文件" in result.output


def _login(url: str, user: str, password: str) -> int:
    data = urllib.parse.urlencode({"username": user, "password": password}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url + "login", data=data), timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_login_with_users_file(assistant, serve_app, tmp_path):
    users = tmp_path / "users.toml"
    users.write_text(auth.user_entry("alice", "s3cret", iterations=1000), encoding="utf-8")
    url = serve_app(assistant, tmp_path / "uploads", auth=auth.make_auth(users))
    assert _login(url, "alice", "wrong") == 400
    assert _login(url, "alice", "s3cret") == 200
    try:
        urllib.request.urlopen(url + "config", timeout=10)
        protected = False
    except urllib.error.HTTPError as exc:
        protected = exc.code in (401, 403)
    assert protected
