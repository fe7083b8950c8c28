"""Optional login: users.toml with PBKDF2-SHA256 password hashes, checked by Gradio's auth callable.

File format::

    [users.alice]
    password_hash = "pbkdf2_sha256$600000$<salt b64>$<hash b64>"

Create an entry with ``python -m assistant.ui.auth alice`` (asks for the password) and paste it in.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import secrets
import sys
import threading
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from assistant.errors import ConfigError

ALGORITHM = "pbkdf2_sha256"
SINGLE_USER = "default"  # the learner name without --auth (same as the study CLI's --user default)
ITERATIONS = 600_000


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    """``pbkdf2_sha256$iterations$salt$hash`` for ``password`` (random 16-byte salt)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded``; malformed hashes never match."""
    try:
        algorithm, iterations, salt, expected = encoded.split("$")
        if algorithm != ALGORITHM:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), base64.b64decode(salt),
                                     int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(_b64(digest), expected)


def user_entry(name: str, password: str, *, iterations: int = ITERATIONS) -> str:
    """A users.toml entry for ``name`` (to append to the file)."""
    if not name or not all(ch.isalnum() or ch in "_-" for ch in name):
        raise ConfigError(f"用户名“{name}”无效", hint="只用字母、数字、下划线或连字符")
    return f'[users.{name}]\npassword_hash = "{hash_password(password, iterations=iterations)}"\n'


def load_users(path: Path) -> dict[str, str]:
    """User name → password hash from a users.toml file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"无法读取用户文件：{exc}", hint="检查 --auth 指定的 users.toml",
                          path=str(path)) from exc
    users = data.get("users", {})
    hashes = {name: str(entry.get("password_hash", "")) for name, entry in users.items()
              if isinstance(entry, dict)}
    if not hashes or not all(hashes.values()):
        raise ConfigError("用户文件中没有有效的 [users.<名字>] password_hash 条目",
                          hint="用 python -m assistant.ui.auth 用户名 生成条目", path=str(path))
    return hashes


class LoginLimiter:
    """At most ``limit`` failed logins per user name within ``window`` seconds; then refuse until it passes."""

    def __init__(self, limit: int = 5, window: float = 300.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, username: str) -> bool:
        """True while ``username`` has used up its failed attempts."""
        with self._lock:
            now = self.clock()
            recent = [t for t in self._failures.get(username, []) if now - t < self.window]
            self._failures[username] = recent
            return len(recent) >= self.limit

    def failed(self, username: str) -> None:
        """Record one failed attempt."""
        with self._lock:
            self._failures.setdefault(username, []).append(self.clock())


def make_auth(path: Path, limiter: LoginLimiter | None = None) -> Callable[[str, str], bool]:
    """Gradio ``auth=`` callable backed by users.toml (re-read on each login, so edits apply at once).

    Failed logins are rate-limited per user name: after 5 failures in 5 minutes even the right password
    is refused until the window has passed.
    """
    load_users(path)  # fail at start-up, not at the first login
    limiter = limiter or LoginLimiter()

    def check(username: str, password: str) -> bool:
        if limiter.blocked(username):
            return False
        stored = load_users(path).get(username)
        ok = stored is not None and verify_password(password, stored)
        if not ok:
            limiter.failed(username)
        return ok

    return check


def current_user(request: object) -> str:
    """The signed-in user of a Gradio request (``gr.Request``), or SINGLE_USER without login.

    Per-user state (study progress) is keyed by this name.
    """
    return getattr(request, "username", None) or SINGLE_USER


def main(argv: list[str]) -> int:
    """``python -m assistant.ui.auth NAME``: print a users.toml entry for NAME."""
    if len(argv) != 1:
        print("用法：python -m assistant.ui.auth 用户名", file=sys.stderr)
        return 2
    password = getpass.getpass("密码：")
    if password != getpass.getpass("再次输入密码："):
        print("两次输入的密码不一致", file=sys.stderr)
        return 1
    print(user_entry(argv[0], password), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
