"""A class joins from the browser: ``trainer serve`` driven by a real headless Chromium.

Runs wherever Debian's chromium and chromedriver are installed (``.ci/run`` installs them); on a
developer machine without them the test is skipped, but in CI a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from trainer.bench.serve import _children, free_port, start_server, stop_server

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("CI"):
        pytest.fail("CI needs Debian's chromium and chromedriver (see .ci/run)", pytrace=False)
    pytest.skip("chromium and chromedriver are not installed", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# xterm.js takes typed Chinese the way an IME commits it; a paste event is the reliable way in.
PASTE = """
const box = arguments[0];
box.focus();
const data = new DataTransfer();
data.setData('text/plain', arguments[1]);
box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
"""


# Every byte the app draws, kept where the test can read it: the terminal draws on a canvas, so
# the page's text is not in the DOM. The page's own script and socket are left as they are.
TAP = """
window.__screen = '';
const Native = window.WebSocket, decoder = new TextDecoder();
window.WebSocket = class extends Native {
  constructor(...args) {
    super(...args);
    window.__socket = this;
    this.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') {
        window.__screen = (window.__screen + decoder.decode(new Uint8Array(event.data), {stream: true})).slice(-400000);
      }
    });
  }
};
"""
# Distinct characters drawn in the terminal's own font stack: tofu draws every one as the same box.
GLYPHS = """
const family = "'Roboto Mono', Monaco, 'Courier New', monospace";
const draw = (ch) => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 40;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 40, 40);
  ctx.fillStyle = '#000'; ctx.font = '32px ' + family; ctx.fillText(ch, 2, 32);
  return Array.from(ctx.getImageData(0, 0, 40, 40).data).join(',');
};
return arguments[0].split('').map(draw);
"""
F = {"back-tab": "\x1b[Z", "ctrl+a": "\x01", "ctrl+k": "\x0b", "f3": "\x1b[13~", "f5": "\x1b[15~", "f6": "\x1b[17~", "f8": "\x1b[19~", "f9": "\x1b[20~", "ctrl+l": "\x0c",
     "esc": "\x1b", "ctrl+p": "\x10"}


@pytest.fixture
def browser(tmp_path):
    yield from _browser(tmp_path / "profile", tmp_path / "downloads")


def _browser(profile: Path, downloads: Path, width: int = 1400):
    options = webdriver.ChromeOptions()
    for flag in FLAGS + [f"--user-data-dir={profile}", f"--window-size={width},900"]:
        options.add_argument(flag)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TAP})
    downloads.mkdir(parents=True, exist_ok=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads),
                                                           "eventsEnabled": True})
    yield driver
    driver.quit()


class Served:
    def __init__(self, home: Path, port: int, proc):
        self.home, self.port, self.proc = home, port, proc
        self.url, self.db = f"http://127.0.0.1:{port}/", home / "trainer.sqlite3"


@pytest.fixture
def serve(tmp_path):
    """``serve(*options)`` starts ``trainer serve`` with its own data folder; all stop at the end."""
    started = []

    def start(*options: str) -> Served:
        home = tmp_path / f"home{len(started)}"
        home.mkdir()
        port = free_port()
        started.append(Served(home, port, start_server(home, port, *options)))
        return started[-1]

    yield start
    for served in started:
        stop_server(served.proc)


@pytest.fixture
def served(serve):
    server = serve()
    return server.url, server.db


class Tab:
    """One browser tab of the app: what it shows, and keys typed the way a person types them."""

    def __init__(self, driver, url: str):
        self.driver = driver
        driver.get(url)
        assert _wait_for(lambda: driver.execute_script("return document.body.classList.contains('-first-byte')"), 60)
        self.box = driver.find_element(By.CSS_SELECTOR, "textarea.xterm-helper-textarea")

    @property
    def text(self) -> str:
        return self.driver.execute_script("return window.__screen")

    def ready(self) -> bool:
        """Signed out and the scenarios listed: the app takes keys the way a person's arrive."""
        return self.shows("工号和 PIN", 60) and self.shows("存一块取一块", 90)

    def shows(self, marker: str, seconds: float = 30) -> bool:
        return _wait_for(lambda: marker in self.text, seconds)

    def keys(self, *typed) -> None:
        self.box.send_keys(*typed)
        time.sleep(0.5)

    def paste(self, text: str) -> None:
        self.driver.execute_script(PASTE, self.box, text)
        time.sleep(0.5)

    def raw(self, key: str) -> None:
        """What a key (or a script in the trainee's browser) sends down the socket."""
        self.driver.execute_script("window.__socket.send(JSON.stringify(['stdin', arguments[0]]))", F.get(key, key))
        time.sleep(1.2)

    def sign_in(self, name: str, staff: str, pin: str, *, again: bool = False) -> None:
        """Fill in name, staff number and PIN; ``again``: after a refusal, which leaves the PIN box focused."""
        if again:
            self.raw("back-tab")
            self.raw("back-tab")
        for value in (name, staff):
            self.raw("ctrl+a")
            self.raw("ctrl+k")
            self.paste(value)
            self.keys(Keys.TAB)
            time.sleep(1.5)  # a key sent right behind a Tab can overtake it into the field it left
        self.keys(pin, Keys.ENTER)


def _rows(db: Path, sql: str) -> list[tuple]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.OperationalError:
            return []


def _wait_for(predicate, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_a_scenario_played_in_the_browser_lands_in_the_store(browser, served):
    url, db = served
    good = next(s for s in yaml.safe_load((ROOT / "scenarios" / "one-yuan-loop.test.yaml").read_text("utf-8"))["scripts"]
                if s["name"] == "good")["replies"]
    tab = Tab(browser, url)
    assert tab.ready()
    tab.sign_in("Browser Trainee", "E2E01", "2468")
    assert tab.shows("(E2E01)"), "not signed in"
    tab.keys("/")
    tab.paste("存一块取一块")
    tab.keys(Keys.ENTER)
    tab.keys(Keys.ENTER)
    assert _wait_for(lambda: _rows(db, "SELECT scenario_id FROM sessions") == [("one-yuan-loop",)]), "no session started"
    for index, reply in enumerate(good, start=1):
        tab.paste(reply)
        tab.keys(Keys.ENTER)
        assert _wait_for(lambda: len(_rows(db, "SELECT idx FROM turns")) >= index), f"reply {index} not recorded"
    assert _wait_for(lambda: _rows(db, "SELECT ending_kind FROM sessions WHERE finished_at IS NOT NULL") == [("success",)])
    replies = [row[0] for row in _rows(db, "SELECT reply FROM turns ORDER BY idx")]
    assert replies == good
    assert _rows(db, "SELECT name, staff_no FROM trainees") == [("Browser Trainee", "E2E01")]


def test_the_html_report_renders_in_the_browser(browser, tmp_path):
    from trainer.dialogue.catalog import load_catalog
    from trainer.dialogue.recording import RecordedSession
    from trainer.reports import build_report
    from trainer.reports.export_html import write_html
    from trainer.store import open_store

    catalog = load_catalog(ROOT / "scenarios", ROOT / "rubrics")
    with open_store(tmp_path / "r.sqlite3") as store:
        trainee = store.upsert_trainee("<script>王芳</script>", "A01")
        recorded = RecordedSession.start(catalog.library.get("one-yuan-loop"), catalog.scorer, store, trainee.id)
        for reply in ["您好,请问遇到什么问题了?", "这是规定。", "爱上哪告就上哪告去。"]:
            if not recorded.session.finished:
                recorded.reply(reply)
        page = write_html(build_report(store), tmp_path / "report.html")
    browser.get(page.resolve().as_uri())
    assert browser.find_elements(By.TAG_NAME, "svg"), "the charts did not render"
    assert "<script>王芳</script>" in browser.find_element(By.TAG_NAME, "body").text
    assert not browser.find_elements(By.XPATH, "//script")


def _seed_owner(db: Path) -> int:
    """张三 (A1024, PIN 2468) left a session unfinished; the tab under test is somebody else."""
    from trainer.classroom.access import sign_in
    from trainer.store import open_store

    with open_store(db) as store:
        owner = sign_in(store, "张三", "A1024", "2468")
        return store.start_session(owner.id, "one-yuan-loop", "practice", {"node": "opening"})


def _footer_clicks(tab: Tab) -> None:
    """Click along the key bar, where a trainer's tab shows F5 演练 and F6 报告."""
    canvas = tab.driver.find_element(By.CSS_SELECTOR, ".textual-terminal canvas, .textual-terminal .xterm-screen")
    width, height = canvas.size["width"], canvas.size["height"]
    for step in range(1, 16):
        ActionChains(tab.driver).move_to_element_with_offset(
            canvas, int(width * step / 16 - width / 2), int(height / 2 - 8)).click().perform()
        time.sleep(0.3)


def test_a_trainee_tab_reaches_only_self_study(browser, serve):
    server = serve()
    session_id = _seed_owner(server.db)
    tab = Tab(browser, server.url)
    assert tab.ready() and "张三" not in tab.text, "a new tab knows nobody"
    tab.sign_in("", "A1024", "1111")
    assert tab.shows("PIN 不对"), "a staff number is claimed without its PIN"
    tab.sign_in("李四", "A1024", "2468", again=True)
    assert tab.shows("登记的姓名"), "a name replaces the one on record"
    tab.sign_in("李四", "B2048", "1357", again=True)
    assert tab.shows("(B2048)")
    assert "已答" not in tab.text, "another trainee's unfinished session is offered"
    seen = len(tab.text)
    tab.raw("f3")
    for key in ("f5", "f6"):
        tab.raw(key)
    tab.raw("ctrl+p")
    tab.paste("演练")
    tab.keys(Keys.ENTER)
    tab.raw("esc")
    _footer_clicks(tab)
    after = tab.text[seen:]
    assert "往期演练" not in after and "培训报告" not in after and "导出" not in after
    assert _rows(server.db, "SELECT COUNT(*) FROM drill_events") == [(0,)]
    assert _rows(server.db, f"SELECT COUNT(*) FROM turns WHERE session_id = {session_id}") == [(0,)]
    assert _rows(server.db, "SELECT name FROM trainees WHERE staff_no = 'A1024'") == [("张三",)]
    owners = _rows(server.db, "SELECT t.staff_no, s.drill_id FROM sessions s JOIN trainees t ON t.id = s.trainee_id")
    assert owners.count(("A1024", None)) == 1 and set(owners) <= {("A1024", None), ("B2048", None)}, owners


def test_the_trainers_tab_opens_drills_and_reports_and_an_export_downloads(browser, serve, tmp_path):
    from trainer.bench.serve import trainer_code

    server = serve()
    tab = Tab(browser, server.url)
    assert tab.ready()
    tab.raw("ctrl+l")
    assert tab.shows("培训师登录")
    tab.paste(trainer_code(server.home))
    tab.keys(Keys.ENTER)
    assert tab.shows("培训师身份"), "the one-time code was refused"
    tab.raw("f5")
    assert tab.shows("往期演练"), "the trainer cannot open drills"
    tab.raw("esc")
    tab.raw("f6")
    assert tab.shows("导出后由浏览器下载"), "the trainer cannot open the report"
    tab.raw("h")
    downloads = tmp_path / "downloads"
    assert _wait_for(lambda: [p for p in downloads.glob("*.html")], 30), "the export was not downloaded"
    (page,) = downloads.glob("*.html")
    assert page.name.startswith("培训报告-") and "<html" in page.read_text("utf-8")
    assert not list((server.home / "exports").rglob("*.html")), "the export stayed on the server"


def test_the_session_limit_gives_the_next_one_a_clear_page(browser, serve):
    server = serve("--max-sessions", "1")
    first = Tab(browser, server.url)
    assert first.shows("工号和 PIN")
    browser.switch_to.new_window("tab")
    browser.get(server.url)
    assert "同时在线人数已满" in browser.find_element(By.ID, "full").text
    assert browser.title.startswith("人数已满")


def test_a_page_from_another_origin_cannot_open_a_session(browser, serve):
    server = serve()
    browser.get("data:text/html,<title>evil</title>")
    outcome = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const ws = new WebSocket(arguments[0]);
        ws.onopen = () => done('open');
        ws.onerror = () => done('refused');
    """, f"ws://127.0.0.1:{server.port}/ws")
    assert outcome == "refused"
    assert _children(server.proc.pid) == [], "a process was started for it"


def test_an_idle_tab_is_ended_and_its_process_freed(browser, serve):
    server = serve("--idle-minutes", "0.05")
    tab = Tab(browser, server.url)
    assert tab.shows("工号和 PIN")
    assert _wait_for(lambda: _children(server.proc.pid), 10)
    assert _wait_for(lambda: browser.execute_script("return document.body.classList.contains('-closed')"), 40)
    assert "本次练习已结束" in browser.find_element(By.CSS_SELECTOR, ".closed-dialog").text
    assert _wait_for(lambda: _children(server.proc.pid) == [], 20), "the idle session's process is still running"


def test_chinese_renders_as_glyphs_not_tofu_at_1024_px(serve, tmp_path):
    server = serve()
    driver = next(gen := _browser(tmp_path / "narrow", tmp_path / "dl", width=1024))
    try:
        tab = Tab(driver, server.url)
        assert tab.ready()
        assert driver.title == "银行网点服务情景陪练"
        shot = tmp_path / "start-1024.png"
        driver.save_screenshot(str(shot))
        print(f"screenshot: {shot}")
        glyphs = driver.execute_script(GLYPHS, "银行练习工号")
        assert len(set(glyphs)) == len(glyphs), "different characters drew the same box: no CJK font"
        # The page's own Chinese (shown when a session ends) is drawn with a CJK font, not a fallback box.
        driver.execute_script("document.body.classList.add('-closed')")
        driver.execute_cdp_cmd("DOM.enable", {})
        driver.execute_cdp_cmd("CSS.enable", {})
        root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        found = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": ".closed-dialog .message"})
        fonts = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": found["nodeId"]})["fonts"]
        assert any("CJK" in f["familyName"] and f["glyphCount"] >= 6 for f in fonts), fonts
    finally:
        next(gen, None)
