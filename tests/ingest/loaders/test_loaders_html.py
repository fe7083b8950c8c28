"""HTML loader: only the article body, the title as first line, no site chrome."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import LoaderError
from assistant.ingest.loaders.base import load_file

DATA = Path(__file__).resolve().parents[2] / "data" / "loaders"
CHROME = ["首页", "您当前的位置", "分享到", "微博", "ICP", "备案", "版权所有", "上一篇", "下一篇",
          "相关阅读", "发布时间", "主办单位", "统计代码", "手机版", "栏目导航", "site"]


@pytest.mark.parametrize("name", ["sample.html", "sample_gbk_fallback.html"])
def test_body_only(name):
    source = load_file(DATA / name)
    assert source.format == "html"
    assert source.text == load_file(DATA / "sample_utf8.txt").text
    for word in CHROME:
        assert word not in source.text
    assert source.get("title") == "示例社区调解办法"  # "_政策文件_示例市司法局" stripped
    assert source.get("date") == "2024-06-03"


def test_nav_only_page():
    with pytest.raises(LoaderError) as info:
        load_file(DATA / "bad" / "nav_only.html")
    assert info.value.message == "网页中未找到正文（可能由脚本加载）"
    assert ".txt" in info.value.hint


def _page(tmp_path: Path, body: str, title: str = "示例公告 - 示例网") -> Path:
    target = tmp_path / "page.htm"
    target.write_text(f"<html><head><title>{title}</title></head><body>{body}</body></html>",
                      encoding="utf-8")
    return target


def test_article_element_br_and_title_suffix(tmp_path):
    body = ("<header><a href='/'>首页</a></header><article><p>第一条　甲方应当按时履行义务，"
            "不得拖延。<br>第二条　乙方应当予以配合，共同完成示例项目的建设工作。</p>"
            "<div class='share'>分享到：微信</div></article><footer>版权所有</footer>")
    source = load_file(_page(tmp_path, body))
    assert source.text.split("\n") == [
        "示例公告", "第一条　甲方应当按时履行义务，不得拖延。",
        "第二条　乙方应当予以配合，共同完成示例项目的建设工作。"]
    assert source.get("title") == "示例公告"


def test_densest_block_fallback_skips_footer(tmp_path):
    article = "".join(f"<p>第{n}条　这是示例条文的正文内容，用来测试最密集文本块的识别。</p>"
                      for n in "一二三四五")
    body = (f"<div class='wrap'><div class='left'><p><a href='#'>栏目一</a></p></div>"
            f"<div class='mid'>{article}</div></div>"
            "<div class='bottom'><p>主办：示例网　京ICP备00000000号　这里的文字很多很多很多很多很多很多很多"
            "很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多"
            "很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多很多</p></div>")
    lines = load_file(_page(tmp_path, body)).text.split("\n")
    assert lines[0] == "示例公告"
    assert len(lines) == 6 and all(line.startswith("第") for line in lines[1:])


def test_page_without_text(tmp_path):
    with pytest.raises(LoaderError, match="网页中未找到正文"):
        load_file(_page(tmp_path, "<div id='zoom'></div><script>load()</script>"))


def test_source_line_breaks_and_pre(tmp_path):
    body = ("<div id='zoom'><p>第一条　为了规范示例工作，\n    维护示例秩序，制定本办法。</p>"
            "<pre>第二条　本办法自公布之日起施行。\n第三条　本办法由示例办公室负责解释。</pre></div>")
    assert load_file(_page(tmp_path, body)).text.split("\n") == [
        "示例公告", "第一条　为了规范示例工作，维护示例秩序，制定本办法。",
        "第二条　本办法自公布之日起施行。", "第三条　本办法由示例办公室负责解释。"]


def test_site_logo_heading_is_not_the_title(tmp_path):
    body = ("<div class='logo'><h1>示例网</h1></div><div class='content'><h2>示例公告全文</h2>"
            "<p>第一条　这是一段足够长的示例正文内容，用来测试标题的选择逻辑是否正确无误。</p></div>")
    source = load_file(_page(tmp_path, body, title="示例公告全文_通知公告_示例网"))
    assert source.get("title") == "示例公告全文"
    assert source.text.split("\n")[0] == "示例公告全文"
