"""End-to-end in headless Chromium (Playwright, Debian's /usr/bin/chromium): ask, cite, open, upload, escape.

Screenshots (laptop 1366×768 and phone 390×844) go to $ASSISTANT_SCREENSHOTS
(default evals/reports/screenshots).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
TIMEOUT = 30_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium missing: run `make browser` "
                       "(apt-get install chromium) to enable the browser tests"),
]


@pytest.fixture(scope="module")
def shots() -> Path:
    folder = Path(os.environ.get("ASSISTANT_SCREENSHOTS", ROOT / "evals" / "reports" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def url(writable, serve_app, tmp_path_factory) -> str:
    """The app over a private copy of the tiny index (uploads go to tmp), shared by the tests here."""
    return serve_app(writable("browser-index"), tmp_path_factory.mktemp("browser") / "data" / "uploads")


def open_page(browser, url: str, viewport: dict[str, int], events: list[str], **extra):
    """A page on the app; alert events and requests leaving 127.0.0.1 are recorded in ``events``."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", **extra)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.on("dialog", lambda d: (events.append(f"dialog: {d.message}"), d.dismiss()))
    local = re.compile(r"^(https?|wss?)://127\.0\.0\.1[:/]|^(data|blob|about):")
    page.on("request", lambda r: None if local.match(r.url) else events.append(f"request: {r.url}"))
    page.goto(url)
    page.get_by_role("tab", name="问答").wait_for()
    return page


def ask(page, question: str, expect: str) -> None:
    box = page.locator("#zf-question textarea")
    box.fill(question)
    box.press("Enter")
    page.locator("#zf-chatbot").get_by_text(expect).first.wait_for()
    page.locator("#zf-cards label").first.wait_for()


def test_study_session_in_the_browser(browser, url, shots, tmp_path):
    events: list[str] = []
    page = open_page(browser, url, LAPTOP, events)
    ask(page, "哪些事项可以申请法律援助？", "请求支付劳动报酬")
    cards = page.locator("#zf-cards label")
    assert "《模拟法律援助法》第六条" in cards.first.inner_text()
    cards.first.click()
    article = page.locator("#zf-chat-article")
    article.get_by_text("（四）请求支付劳动报酬。").wait_for()
    assert "上一条：第五条" in article.inner_text()
    copy = page.locator(".zf-copytext textarea")
    assert copy.input_value().startswith("《模拟法律援助法》第六条：下列事项")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
    page.get_by_role("button", name="复制引用").first.click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.includes('第六条：下列事项'))")
    assert page.evaluate("navigator.clipboard.readText()") == copy.input_value()
    page.screenshot(path=str(shots / "laptop-chat.png"))

    # Document text with <script>, <img onerror> and **markdown** stays text, in the chat and the panel.
    ask(page, "调解文书 如实记录当事人陈述 代码", "如实记录当事人陈述")
    chat = page.locator("#zf-chatbot")
    chat.get_by_text("<script>alert(1)</script>", exact=False).first.wait_for()
    assert chat.get_by_text("**加粗文字**", exact=False).count() >= 1
    assert chat.locator("strong", has_text="加粗文字").count() == 0
    page.locator("#zf-cards label", has_text="第三条").first.click()
    article.get_by_text("<img src=x onerror=alert(2)>", exact=False).wait_for()
    assert article.locator("script, img").count() == 0 and chat.locator("img").count() == 0

    page.get_by_role("button", name="在法规库中打开").click()
    view = page.locator("#zf-lib-article-view")
    view.get_by_text("<script>alert(1)</script>", exact=False).wait_for()
    assert page.locator("#zf-toc").get_by_text("第二章 调解程序").is_visible()
    page.get_by_placeholder("在本文件中搜索关键词").fill("噪音")
    page.get_by_role("button", name="搜索").click()
    page.get_by_text("找到 1 条").wait_for()
    page.screenshot(path=str(shots / "laptop-library.png"))

    page.get_by_role("tab", name="文件管理").click()
    good = ROOT / "tests" / "data" / "ui" / "uploads" / "青溪市文明养犬示范规定.txt"
    upload(page, [good])
    results = page.locator("#zf-results")
    results.get_by_text("已入库").wait_for()
    assert "《青溪市文明养犬示范规定》3 条" in results.inner_text()
    page.locator("#zf-status").get_by_text("青溪市文明养犬示范规定").wait_for()
    empty, noise = tmp_path / "空白.pdf", tmp_path / "乱码.txt"
    empty.write_bytes(b"")
    noise.write_bytes(os.urandom(3000))
    upload(page, [empty, noise])
    results.get_by_text("2 个未能入库").wait_for()
    text = results.inner_text()
    assert "文件为空" in text and text.count("已拒收") == 2 and "处理办法" in text
    page.screenshot(path=str(shots / "laptop-files.png"), full_page=True)

    page.get_by_role("tab", name="晨学").click()
    choose(page, "#zf-proj-doc", "《模拟法律援助法》2021-08-20")
    screen = page.locator("#zf-proj-screen")
    screen.get_by_text("1 / 7").wait_for()
    page.locator("body").press("ArrowRight")
    screen.get_by_text("2 / 7").wait_for()
    page.get_by_role("button", name="下一条 ▶").click()
    screen.get_by_text("3 / 7").wait_for()
    size = screen.locator(".zf-ptext").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 30
    page.screenshot(path=str(shots / "laptop-projector.png"))
    assert events == []  # no alert fired, nothing fetched from the network


def upload(page, paths: list[Path]) -> None:
    page.locator("#zf-upload input[type=file]").set_input_files([str(p) for p in paths])
    for p in paths:
        page.locator("#zf-upload").get_by_text(p.stem).first.wait_for()  # shown as stem + suffix
    page.locator("#zf-ingest").click()


def choose(page, elem: str, option: str) -> None:
    page.locator(f"{elem} input").click()
    page.get_by_role("option", name=re.compile(re.escape(option))).first.click()


def open_tab(page, name: str) -> None:
    """Click a tab; on narrow screens Gradio moves the last tabs into an overflow menu."""
    tab = page.get_by_role("tab", name=name)
    if tab.count() and tab.first.is_visible():
        tab.first.click()
        return
    page.locator(".overflow-menu button").first.click()
    page.locator(".overflow-dropdown").get_by_text(name, exact=True).first.click()


def test_reading_plan_in_the_browser(browser, url, shots):
    events: list[str] = []
    page = open_page(browser, url, LAPTOP, events)
    open_tab(page, "学习")
    page.get_by_text("阅读计划（晨学）").click()
    page.wait_for_timeout(500)  # opening the section refreshes its document list
    choose(page, "#zf-plan-doc", "模拟法律援助法")
    page.locator("#zf-plan-create").click()
    reading = page.locator("#zf-plan-reading")
    reading.get_by_text("第 1/").first.wait_for()
    assert "第一条" in reading.inner_text() and "关键词" in reading.inner_text()
    page.screenshot(path=str(shots / "laptop-reading-plan.png"))
    page.locator("#zf-plan-read").click()
    reading.get_by_text("已记录").wait_for()
    assert "第 2/" in reading.inner_text()
    assert events == []


def test_phone_layout(browser, url, shots):
    events: list[str] = []
    page = open_page(browser, url, PHONE, events, is_mobile=True, has_touch=True, device_scale_factor=2)
    ask(page, "邻居噪音纠纷怎么调解", "调解邻里噪音纠纷")
    page.locator("#zf-cards label").first.click()
    page.locator("#zf-chat-article").get_by_text("上一条：第四条").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"horizontal scrolling on a phone ({width}px)"
    page.screenshot(path=str(shots / "phone-chat.png"), full_page=True)
    open_tab(page, "晨学")
    choose(page, "#zf-proj-doc", "《社区调解示范条例》")
    page.locator("#zf-proj-screen").get_by_text("1 / 6").wait_for()
    page.screenshot(path=str(shots / "phone-projector.png"))
    assert events == []  # no alert fired, nothing fetched from the network
