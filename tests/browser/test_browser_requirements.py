"""The browser tests' rule for a missing browser: skip on a user's machine, fail under CI (no browser needed)."""

from __future__ import annotations

import labdriver as ld
import pytest


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    monkeypatch.setenv("BPCOURSE_CHROMIUM", str(tmp_path / "not-a-browser"))


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_missing_browser_fails_under_ci(no_chromium, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    verdict, message = ld.browser_verdict()
    assert verdict == "fail"
    assert "Chromium" in message and "apt-get install chromium" in message


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_missing_browser_skips_with_instructions_elsewhere(no_chromium, monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    verdict, message = ld.browser_verdict()
    assert verdict == "skip"
    assert "apt-get install chromium" in message and "pip install playwright" in message


def test_explicit_chromium_path_is_used(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("BPCOURSE_CHROMIUM", str(fake))
    assert ld.find_chromium() == str(fake)
