"""Fixtures for the browser tests: headless Chromium (Playwright), a JupyterLab server and lecture mode (Voilà).

The tests need Playwright for Python and a Chromium executable (Debian: ``apt-get install
chromium``; or point $BPCOURSE_CHROMIUM at one). Without them the tests skip, saying how to
enable them; when the CI environment variable is set they fail instead, so CI never passes by
skipping. The server serves a temporary copy of notebooks/ (or of $BPCOURSE_BROWSER_NOTEBOOKS)
on 127.0.0.1 with a random port and token, and is stopped by its process id at the end of the
session, also after a failure. A failing test leaves a screenshot, the page's console and the
server log in test-artifacts/. Lecture mode is served the same way: the lecture pages of the same
notebooks, built by scripts/lecture.py into a temporary folder, served by Voilà on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import labdriver as ld
import pytest
import voiladriver as vd

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


def require_module(module: str, install: str) -> None:
    """Skip (on a user's machine) or fail (in CI) when a Python package the test needs is missing."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        message = f"{module} is not installed: {install}"
        if ld.in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


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


def _notebooks() -> Path:
    return Path(os.environ.get("BPCOURSE_BROWSER_NOTEBOOKS", ld.NOTEBOOKS))


@pytest.fixture(scope="session")
def lecture_server(tmp_path_factory):
    """Lecture mode: Voilà on 127.0.0.1 serving the lecture pages of the notebooks; stopped by PID at the end."""
    require_browser()
    require_module("voila", "pip install -e '.[lab]' (make lab and make test install it)")
    server = vd.start_lecture(_notebooks(), tmp_path_factory.mktemp("lecture"))
    try:
        yield server
    finally:
        server.stop()


def _new_page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    return context, page, console


def _keep_artifacts(request, page, console, server_name: str, server_log: str) -> None:
    """After a failed test: a screenshot, the page's console and the server's log in test-artifacts/."""
    failed = any(getattr(getattr(request.node, f"rep_{when}", None), "failed", False) for when in ("setup", "call"))
    if not failed:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
    except Exception as error:  # the page may be gone; the logs still help
        console.append(f"(no screenshot: {error})")
    (ARTIFACTS / f"{stem}.console.log").write_text("\n".join(console))
    (ARTIFACTS / f"{stem}.{server_name}.log").write_text(server_log)


@pytest.fixture
def lab_page(request, chromium, lab_server):
    """A fresh browser page; on failure a screenshot and logs go to test-artifacts/."""
    context, page, console = _new_page(chromium)
    try:
        yield page
    finally:
        _keep_artifacts(request, page, console, "jupyterlab", lab_server.log())
        context.close()
        # Shut this notebook's kernel down so the next test has the machine to itself.
        try:
            for session in lab_server.api("/api/sessions"):
                lab_server.api(f"/api/sessions/{session['id']}", method="DELETE")
        except Exception:
            pass


@pytest.fixture
def lecture_page(request, chromium, lecture_server):
    """A fresh browser page for lecture mode; on failure a screenshot and logs go to test-artifacts/."""
    context, page, console = _new_page(chromium)
    try:
        yield page
    finally:
        _keep_artifacts(request, page, console, "voila", lecture_server.log())
        context.close()
