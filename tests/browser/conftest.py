"""Fixtures for the browser tests: headless Chromium (Playwright) and a JupyterLab server.

The tests need Playwright for Python and a Chromium executable (Debian: ``apt-get install
chromium``; or point $BPCOURSE_CHROMIUM at one). Without them the tests skip, saying how to
enable them; when the CI environment variable is set they fail instead, so CI never passes by
skipping. The server serves a temporary copy of notebooks/ (or of $BPCOURSE_BROWSER_NOTEBOOKS)
on 127.0.0.1 with a random port and token, and is stopped by its process id at the end of the
session, also after a failure. A failing test leaves a screenshot, the page's console and the
server log in test-artifacts/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import labdriver as ld
import pytest

ARTIFACTS = ld.REPO / "test-artifacts"


def require_browser() -> None:
    """Skip (on a user's machine) or fail (in CI) when Playwright or Chromium is missing."""
    verdict, message = ld.browser_verdict()
    if verdict == "fail":
        pytest.fail(message, pytrace=False)
    if verdict == "skip":
        pytest.skip(message)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = ld.launch_chromium(playwright)
        except Exception as error:  # a broken install: treat it like a missing one
            if ld.in_ci():
                pytest.fail(f"Chromium did not start: {error}", pytrace=False)
            pytest.skip(f"browser tests skipped: Chromium did not start ({error}); {ld.HOW_TO_ENABLE}")
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a temporary copy of the notebooks; stopped by PID at the end."""
    require_browser()
    source = Path(os.environ.get("BPCOURSE_BROWSER_NOTEBOOKS", ld.NOTEBOOKS))
    workdir = tmp_path_factory.mktemp("jupyterlab")
    root = ld.copy_notebooks(source, workdir / "notebooks")
    server = ld.start_lab(root, workdir / "server")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def lab_page(request, chromium, lab_server):
    """A fresh browser page; on failure a screenshot and logs go to test-artifacts/."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    try:
        yield page
    finally:
        failed = any(getattr(getattr(request.node, f"rep_{when}", None), "failed", False)
                     for when in ("setup", "call"))
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            try:
                page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
            except Exception as error:  # the page may be gone; the logs still help
                console.append(f"(no screenshot: {error})")
            (ARTIFACTS / f"{stem}.console.log").write_text("\n".join(console))
            (ARTIFACTS / f"{stem}.jupyterlab.log").write_text(lab_server.log())
        context.close()
        # Shut this notebook's kernel down so the next test has the machine to itself.
        try:
            for session in lab_server.api("/api/sessions"):
                lab_server.api(f"/api/sessions/{session['id']}", method="DELETE")
        except Exception:
            pass
