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
from trainer.bench.serve import free_port, start_server, stop_server

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("CI"):
        pytest.fail("CI needs Debian's chromium and chromedriver (see .ci/run)", pytrace=False)
    pytest.skip("chromium and chromedriver are not installed", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,900"]
# xterm.js takes typed Chinese the way an IME commits it; a paste event is the reliable way in.
PASTE = """
const box = arguments[0];
box.focus();
const data = new DataTransfer();
data.setData('text/plain', arguments[1]);
box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
"""


@pytest.fixture
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    for flag in FLAGS + [f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture
def served(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    port = free_port()
    server = start_server(home, port)
    yield f"http://127.0.0.1:{port}/", home / "trainer.sqlite3"
    stop_server(server)


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
    browser.get(url)
    box = browser.find_element(By.CSS_SELECTOR, "textarea.xterm-helper-textarea")

    def keys(*typed):
        box.send_keys(*typed)
        time.sleep(0.5)

    def paste(text):
        browser.execute_script(PASTE, box, text)
        time.sleep(0.5)

    assert _wait_for(lambda: browser.execute_script("return document.body.classList.contains('-first-byte')"), 60)
    time.sleep(3)
    keys("Browser Trainee")
    keys(Keys.ENTER)
    keys(Keys.ENTER)
    keys("/")
    paste("存一块取一块")
    keys(Keys.ENTER)
    keys(Keys.ENTER)
    assert _wait_for(lambda: _rows(db, "SELECT scenario_id FROM sessions") == [("one-yuan-loop",)]), "no session started"
    for index, reply in enumerate(good, start=1):
        paste(reply)
        keys(Keys.ENTER)
        assert _wait_for(lambda: len(_rows(db, "SELECT idx FROM turns")) >= index), f"reply {index} not recorded"
    assert _wait_for(lambda: _rows(db, "SELECT ending_kind FROM sessions WHERE finished_at IS NOT NULL") == [("success",)])
    replies = [row[0] for row in _rows(db, "SELECT reply FROM turns ORDER BY idx")]
    assert replies == good
    assert _rows(db, "SELECT name FROM trainees") == [("Browser Trainee",)]


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
