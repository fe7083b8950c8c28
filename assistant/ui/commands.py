"""``assistant serve``: start the web UI. Register with ``main.add_command(serve)`` in assistant/cli.py."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from assistant.answering.service import Assistant
from assistant.config import Settings, load_settings
from assistant.errors import AssistantError


def upload_folder(settings: Settings) -> Path:
    """Where uploads are stored: ``<ui.data_dir>/uploads`` (default ``data/uploads``)."""
    return settings.resolve(settings.ui.data_dir) / "uploads"


@click.command("serve")
@click.option("--host", default=None, help="监听地址（默认见 assistant.toml 的 ui.host，通常 127.0.0.1）")
@click.option("--port", type=int, default=None, help="端口（默认 ui.port，通常 7860）")
@click.option("--index", "index", type=click.Path(file_okay=False),
              help="索引文件夹（默认见 assistant.toml）")
@click.option("--auth", "users", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="users.toml：启用登录（密码哈希用 python -m assistant.ui.auth 用户名 生成）")
def serve(host: str | None, port: int | None, index: str | None, users: Path | None) -> None:
    """启动网页界面：问答、法规库、文件管理、晨学投影。"""
    from assistant.ui.app import build_app, launch  # gradio is imported only when serving
    from assistant.ui.auth import make_auth
    from assistant.ui.browse import reader_or_none

    try:
        settings = load_settings()
        assistant = Assistant(settings, index_dir=Path(index).resolve() if index else None)
        auth = make_auth(users) if users else None
        reader_or_none(assistant)  # load the embedder and index before the first visitor
        max_mb = settings.corpus.max_file_mb
        demo = build_app(assistant, upload_folder(settings), max_mb)
    except AssistantError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(2)
    host, port = host or settings.ui.host, port or settings.ui.port
    click.echo(f"政法学习助手已启动：http://{host}:{port}" + ("（需登录）" if auth else ""))
    launch(demo, host, port, auth=auth, max_mb=max_mb)


if __name__ == "__main__":
    serve()
