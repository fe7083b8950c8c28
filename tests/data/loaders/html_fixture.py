"""HTML fixtures: an invented city-government article page and variants (see make_fixtures.py).

Site name, addresses and ICP numbers are fictional.
"""

from __future__ import annotations

from html import escape

_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<title>{title}_政策文件_示例市司法局</title>
<meta name="PubDate" content="2024-06-03 10:00">
<style>.nav li{{float:left}}</style>
<script>var site = "示例市司法局";</script>
</head>
<body>
"""
_CHROME_TOP = """<div class="topbar">欢迎访问示例市司法局网站！<a href="/m/">手机版</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/flfw/">公共法律服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 正文</div>
"""
_CHROME_BOTTOM = """<div class="prevnext">上一篇：<a href="/a.html">示例市开展普法宣传月活动</a><br>
下一篇：<a href="/b.html">关于公布调解员名册的通知</a></div>
<div class="related"><h3>相关阅读</h3><ul><li><a href="#">社区调解工作经验交流会召开</a></li></ul></div>
<div class="footer"><p>主办单位：示例市司法局　地址：示例市人民路1号</p>
<p><a href="https://beian.miit.gov.cn/">示ICP备00000000号-1</a>　示公网安备 00000000000000号</p>
<p>版权所有 &copy; 2024 示例市司法局</p></div>
<script>document.write("统计代码");</script>
</body>
</html>
"""


def _paragraphs(doc: list[tuple[str, str]], bold: str) -> str:
    out = []
    for kind, text in doc:
        if kind == "article":
            label, rest = text.split("　", 1)
            out.append(f'<p style="text-indent:2em"><{bold}>{label}</{bold}>　{escape(rest)}</p>')
        elif kind in ("title", "heading"):
            out.append(f'<p style="text-align:center"><{bold}>{escape(text)}</{bold}></p>')
        else:
            out.append(f"<p>{escape(text)}</p>")
    return "\n".join(out)


def article_page(doc: list[tuple[str, str]]) -> str:
    """Template with <h1>, share bar and the body in div#zoom .TRS_Editor (title not in body)."""
    title = doc[0][1]
    body = _paragraphs(doc[1:], "strong")
    return (_HEAD.format(charset="utf-8", title=title) + _CHROME_TOP
            + f'<div class="article"><h1>{title}</h1>\n'
            + '<div class="info">发布时间：2024-06-03　来源：示例市司法局</div>\n'
            + '<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>\n'
            + f'<div class="article-con" id="zoom"><div class="TRS_Editor">\n{body}\n</div></div></div>\n'
            + _CHROME_BOTTOM)


def gbk_page(doc: list[tuple[str, str]]) -> str:
    """GBK-encoded table layout, no known body id/class: found as the densest <p> block; <br> lines."""
    title = doc[0][1]
    rows = _paragraphs(doc, "b").replace("</p>\n<p>（二）", "<br>\n（二）")
    return (_HEAD.format(charset="gb2312", title=title) + _CHROME_TOP
            + '<table width="100%"><tr><td class="left">栏目导航<ul><li><a href="#">法律</a></li></ul></td>\n'
            + f'<td valign="top"><div class="wenzhang">\n{rows}\n</div></td></tr></table>\n'
            + _CHROME_BOTTOM)


NAV_ONLY_PAGE = (_HEAD.format(charset="utf-8", title="政策文件") + _CHROME_TOP
                 + '<div class="article"><div id="zoom" data-docid="123"></div>'
                 + "<noscript><p>您的浏览器不支持JavaScript，请开启后浏览。</p></noscript></div>\n"
                 + _CHROME_BOTTOM)
