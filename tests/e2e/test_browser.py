"""End to end: the real page in headless Chromium (Debian's chromium, driven by Playwright).

Skipped when Chromium or Playwright is missing, unless BOUWSTEEN_E2E=required (as in CI),
where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from nlp.cli import app_command
from nlp.knowledge import fold_whitespace, load_knowledge

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
NOTE = (ROOT / "data" / "examples" / "voorbeeld.txt").read_text(encoding="utf-8")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def _browser_or_skip() -> str:
    chromium = shutil.which("chromium")
    try:
        import playwright  # noqa: F401
    except ImportError:
        chromium = None
    if chromium is None:
        if os.environ.get("BOUWSTEEN_E2E") == "required":
            pytest.fail("Chromium and Playwright are required here (BOUWSTEEN_E2E=required) but missing")
        pytest.skip("Chromium or Playwright is not installed (.ci/run installs both)")
    return chromium


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(default_model_dir):
    port = _free_port()
    process = subprocess.Popen(
        app_command(port, headless=True), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the page did not start within 60 s")
    yield url
    process.terminate()
    _, stderr = process.communicate(timeout=20)
    # nothing of the note may end up in the server's log
    assert b"Jesse" not in stderr and b"treinbaan" not in stderr


def test_paste_highlight_open_a_tag_and_find_its_source(server, tmp_path):
    from playwright.sync_api import sync_playwright

    chromium = _browser_or_skip()
    knowledge = load_knowledge()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server)
        box = page.get_by_label("Plak hier een verslag")
        box.wait_for(timeout=60_000)
        box.fill(NOTE)
        started = time.monotonic()
        box.press("Control+Enter")
        page.locator(".bs-tag").first.wait_for(timeout=30_000)
        print(f"paste to highlight: {time.monotonic() - started:.2f} s")
        tags = page.locator(".bs-tag")
        assert tags.count() >= 2
        assert page.locator(".bs-legend").is_visible()

        # open the second tag in the explanation panel
        page.get_by_label("Kies een gemarkeerde zin").click()
        options = page.get_by_role("option")
        second = options.nth(1).inner_text()
        options.nth(1).click()
        number = second.split(" · ")[0]
        page.get_by_text(f"Zin {number} · ").wait_for(timeout=15_000)
        source_line = page.get_by_text(re.compile(r"^Bron: 00\d_\w+\.txt, tekens")).first.inner_text()
        match = re.search(r"Bron: (\S+\.txt), tekens (\d+)–(\d+)", source_line)
        assert match, source_line
        file, start, end = match.group(1), int(match.group(2)), int(match.group(3))
        quote = page.locator(".bs-source").inner_text()
        assert fold_whitespace(quote) == fold_whitespace(knowledge.source_text(file)[start:end])
        assert page.get_by_text("Houding van de ouder die helpt").is_visible()

        shot = Path(os.environ.get("BOUWSTEEN_SCREENSHOTS", tmp_path)) / "page-tagged-note.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 20_000
        browser.close()


def test_a_page_opened_by_its_address_keeps_the_app_navigation(server):
    from playwright.sync_api import sync_playwright

    chromium = _browser_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{server}/dossier_audit")
        page.get_by_role("heading", name="Dossier-audit").wait_for(timeout=60_000)
        navigation = page.locator('[data-testid="stSidebarNav"]').inner_text()
        # the three pages of app.py, not Streamlit's own listing of a folder's files
        assert all(name in navigation for name in ("Verslag", "Dossier-audit", "Hertrainen"))
        assert "common" not in navigation and "app\n" not in navigation
        browser.close()
