"""The app in a real browser: Playwright driving Debian's Chromium against `streamlit run app.py`.

Skips with the reason when Chromium is missing, except under CI (CI=true), where it must run.
Screenshots of the main pages land in tests/artifacts/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from fixtures_openai import SECRET_KEY, shared_server
from openai_server import Reply

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parent.parent
SHOTS = Path(__file__).parent / "artifacts" / "screenshots"
PROMPT = "post-ideas/lesson-from-a-mistake"
MISTAKE = "I sent a proposal with last year's prices to our biggest client."
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
PAGES = {"library": "", "workspace": f"prompt?prompt={PROMPT}", "assistant": "assistant",
         "checklist": "checklist", "explainer": "explainer", "history": "history", "settings": "settings"}


def _require_browser() -> str:
    if CHROMIUM:
        return CHROMIUM
    reason = "Debian's chromium is not installed (apt-get install -y chromium); .ci/run installs it"
    if os.environ.get("CI"):
        pytest.fail(reason + " and CI must run the browser tests")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def model_server():
    return shared_server()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, model_server):
    _require_browser()
    home = tmp_path_factory.mktemp("browser-user")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LINKEDIN_PROMPTS_"))}
    env.update(LINKEDIN_PROMPTS_CONFIG_DIR=str(home / "config"), LINKEDIN_PROMPTS_DATA_DIR=str(home / "data"),
               LINKEDIN_PROMPTS_CACHE_DIR=str(home / "cache"), LINKEDIN_PROMPTS_BASE_URL=model_server.base_url,
               LINKEDIN_PROMPTS_MODEL="test-model", OPENAI_API_KEY=SECRET_KEY, NO_PROXY="127.0.0.1,localhost")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                             "--server.headless=true", f"--server.port={port}", "--server.address=127.0.0.1",
                             "--server.fileWatcherType=none", "--browser.gatherUsageStats=false"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("streamlit did not come up: " + (proc.stdout.read() if proc.stdout else ""))
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    executable = _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    tab = context.new_page()
    yield tab
    context.close()


def settle(page, timeout: float = 30_000) -> None:
    """Wait until the script has finished running and nothing is still loading."""
    page.wait_for_timeout(400)  # let a rerun triggered by the last action start
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)
    page.wait_for_timeout(150)


def visit(page, app_url: str, path: str) -> None:
    page.goto(f"{app_url}/{path}")
    page.wait_for_selector('[data-testid="stApp"]', timeout=30_000)
    settle(page)


def assert_no_error_elements(page) -> None:
    for selector in ('[data-testid="stException"]', '[data-testid="stAlertContentError"]'):
        assert page.locator(selector).count() == 0, page.locator(selector).first.inner_text()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_every_page_opens_without_errors(page, app_url):
    for name, path in PAGES.items():
        visit(page, app_url, path)
        assert page.locator("h1").count() >= 1, name
        assert_no_error_elements(page)
        shot(page, name)


def test_search_open_fill_and_copy_exactly_the_rendered_text(page, app_url):
    from linkedin_prompts.library import Library

    visit(page, app_url, "")
    search = page.get_by_role("textbox", name="Search")
    search.fill("mistake lesson")
    search.press("Enter")
    settle(page)
    opens = page.locator('[data-testid="stButton"] button', has_text="Open")
    assert opens.count() < 70, "the search filtered the list"
    opens.first.click()
    settle(page)
    page.get_by_role("heading", name="Lesson-from-a-mistake post").wait_for()

    box = page.get_by_role("textbox", name="What went wrong *")
    box.fill(MISTAKE)
    box.press("Tab")  # text areas commit on blur
    settle(page)
    code = page.locator('[data-testid="stCode"]').first
    code.wait_for()
    assert MISTAKE in code.inner_text()

    expected = Library(use_env=False).render(PROMPT, {"mistake": MISTAKE}, use_default_profile=False).text
    code.hover()
    page.locator('[data-testid="stCode"]').first.locator(
        'button[data-testid="stBaseButton-elementToolbar"], button[aria-label="Copy to clipboard"]').first.click()
    page.wait_for_timeout(300)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == expected
    shot(page, "workspace-filled")


def test_run_streams_the_answer_from_the_local_server(page, app_url, model_server):
    answer = "Streamed from the local test server: quote every renewal from this year's price list."
    model_server.reset()
    model_server.script(Reply.ok(answer, chunk_size=6))
    visit(page, app_url, f"prompt?prompt={PROMPT}")
    box = page.get_by_role("textbox", name="What went wrong *")
    box.fill(MISTAKE)
    box.press("Tab")
    settle(page)
    page.locator('[data-testid="stButton"] button', has_text="Run").first.click()
    page.get_by_text("Streamed from the local test server").first.wait_for(timeout=30_000)
    settle(page)
    assert_no_error_elements(page)
    sent = model_server.chat_requests[-1].json
    assert sent["model"] == "test-model" and sent["stream"] is True
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    assert MISTAKE in sent["messages"][1]["content"]
    shot(page, "workspace-answer")


def test_checklist_tick_survives_a_reload(page, app_url):
    visit(page, app_url, "checklist")
    item = page.locator('[data-testid="stCheckbox"]').first
    label = item.locator("input").get_attribute("aria-label")
    assert not item.locator("input").is_checked()
    item.locator("label").first.click()
    settle(page)
    assert item.locator("input").is_checked()
    page.reload()
    settle(page)
    again = page.locator(f'[data-testid="stCheckbox"] input[aria-label="{label}"]')
    assert again.is_checked(), "the tick was saved in the store"
    shot(page, "checklist")
