"""Drive JupyterLab in headless Chromium: start a server, open a notebook, run it, move sliders.

Shared by the browser tests (``tests/browser``) and the browser latency benchmark
(``benchmarks/bench_browser.py``). Nothing here reads the network: the server listens on
127.0.0.1 only, with a random free port and a random token, and Chromium is started with
background networking turned off.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"

#: Chromium flags for a closed network and a machine without a GPU.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
]

#: Where to look for a Chromium that Playwright can drive (the Debian package installs /usr/bin/chromium).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

HOW_TO_ENABLE = (
    "to run the browser tests install Chromium and Playwright for Python: "
    "`sudo apt-get install chromium` (or set BPCOURSE_CHROMIUM=/path/to/chromium) and "
    "`pip install playwright` (in the dev extra: pip install -e '.[dev]')"
)

#: JupyterLab settings for the test server: every cell stays in the page (no virtual scrolling),
#: no news or update checks, no kernel prompts.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/apputils-extension/sessionDialogs.jupyterlab-settings": {"skipKernelRestartDialog": True},
}


def in_ci() -> bool:
    """True when the CI environment variable is set (to anything but an empty string, 0 or false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def find_chromium() -> str | None:
    """The Chromium executable: $BPCOURSE_CHROMIUM, else the first of CHROMIUM_NAMES on PATH."""
    explicit = os.environ.get("BPCOURSE_CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def missing_requirements() -> str | None:
    """None when Playwright and a Chromium are available, else a sentence saying what is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    if find_chromium() is None:
        return "no Chromium executable found (looked for $BPCOURSE_CHROMIUM and " + ", ".join(CHROMIUM_NAMES) + ")"
    return None


def browser_verdict() -> tuple[str, str]:
    """("run", "") when the browser tests can run; else ("fail", why) under CI, ("skip", why) elsewhere.

    Under CI the browser tests must never pass by skipping, so a missing browser is a failure there.
    """
    missing = missing_requirements()
    if missing is None:
        return "run", ""
    if in_ci():
        return "fail", (f"the browser tests cannot run: {missing}. CI is set, so they must run, not skip: "
                        f"{HOW_TO_ENABLE}.")
    return "skip", f"browser tests skipped: {missing}; {HOW_TO_ENABLE}"


def launch_chromium(playwright):
    """Launch headless Chromium through Playwright, using the system's executable."""
    return playwright.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS)


def repo_env() -> dict:
    """os.environ with this checkout first on PYTHONPATH (so a kernel imports its bpcourse, installed or not)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_notebooks(source: Path, dest: Path) -> Path:
    """A throw-away copy of the notebooks, each with a python3 kernelspec (so Lab never asks for one)."""
    import nbformat

    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    for path in dest.rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        if "kernelspec" not in nb.metadata:
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
            nbformat.write(nb, path)
    return dest


@dataclass
class LabServer:
    """A JupyterLab server started by :func:`start_lab` and stopped by :meth:`stop` (by its process id)."""

    process: subprocess.Popen
    port: int
    token: str
    root: Path
    log_path: Path
    stopped: bool = field(default=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, notebook: str) -> str:
        """The notebook's URL in a workspace of its own, reset, so JupyterLab does not reopen (and
        start kernels for) the notebooks that earlier tests opened in the same server."""
        self._workspaces = getattr(self, "_workspaces", 0) + 1
        return (f"{self.base_url}/lab/workspaces/test{self._workspaces}/tree/{notebook}"
                f"?reset&token={self.token}")

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(f"{self.base_url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 15.0) -> None:
        """Shut down the kernels through the REST API, then end the server by its process id."""
        if self.stopped:
            return
        self.stopped = True
        if self.process.poll() is None:
            try:
                for kernel in self.api("/api/kernels"):
                    self.api(f"/api/kernels/{kernel['id']}", method="DELETE")
            except (OSError, urllib.error.URLError, ValueError):
                pass
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        # The server ran in its own process group (id = its pid): end anything it left behind.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def start_lab(root: Path, workdir: Path, timeout: float = 120.0, windowing: str = "none") -> LabServer:
    """Start JupyterLab on 127.0.0.1 (random free port, random token) serving ``root``.

    ``workdir`` receives the server's private Jupyter/IPython directories, settings and log.
    The kernel imports this checkout's bpcourse: the repository is put first on PYTHONPATH.
    ``windowing`` is the notebooks' windowing mode: "none" (every cell laid out and painted, what the
    tests use) or one of JupyterLab's others, such as its default, "contentVisibility".
    """
    workdir.mkdir(parents=True, exist_ok=True)
    settings = workdir / "user-settings"
    lab_settings = json.loads(json.dumps(LAB_SETTINGS))
    lab_settings["@jupyterlab/notebook-extension/tracker.jupyterlab-settings"]["windowingMode"] = windowing
    for name, values in lab_settings.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = repo_env()
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")):
        env[var] = str(workdir / sub)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.pop("JUPYTER_PATH", None)
    port, token = free_port(), secrets.token_hex(24)
    log_path = workdir / "jupyterlab.log"
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly", "--ServerApp.terminals_enabled=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI containers run as root
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    server = LabServer(process, port, token, root, log_path)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {process.returncode}:\n{server.log()[-3000:]}")
        try:
            server.api("/api/status")
            return server
        except (OSError, urllib.error.URLError, ValueError):
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{server.log()[-3000:]}")
            time.sleep(0.25)


# -- the JupyterLab page --------------------------------------------------------------------------

_READY_JS = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    if (!panel || panel.querySelector('.jp-Spinner') || !panel.querySelector('.jp-Cell')) return false;
    const status = document.querySelector('.jp-StatusBar-Widget');
    return /\\bIdle/.test(status ? status.textContent : '');
}"""

_PROMPTS_JS = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const prompts = [...panel.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
        .map(e => e.textContent.trim());
    const status = document.querySelector('.jp-StatusBar-Widget');
    return {prompts, idle: /\\bIdle/.test(status ? status.textContent : '')};
}"""

_ERRORS_JS = """() => [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
    .map(e => e.textContent).filter(t => /Traceback|Error\\b|Cell In\\[/.test(t))"""


def open_notebook(page, server: LabServer, notebook: str, timeout: float = 90.0) -> None:
    """Open ``notebook`` in JupyterLab and wait until it is shown and its kernel is idle."""
    page.goto(server.url(notebook), timeout=timeout * 1000)
    page.wait_for_function(_READY_JS, timeout=timeout * 1000, polling=250)


def run_all_cells(page, timeout: float = 120.0) -> list[str]:
    """Run > Run All Cells from the menu bar; wait until every code cell has run; return the prompts.

    Raises AssertionError naming the failing output when a cell raises (JupyterLab then stops).
    """
    def click_run_all():
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()

    click_run_all()
    deadline, stalled, retried = time.monotonic() + timeout, 0, False
    while True:
        state = page.evaluate(_PROMPTS_JS)
        prompts = state["prompts"]
        busy = any("*" in p for p in prompts)
        done = prompts and all(p.startswith("[") and p[1:-2].isdigit() for p in prompts)
        if done and not busy:
            return prompts
        errors = page.evaluate(_ERRORS_JS)
        stalled = stalled + 1 if (not busy and state["idle"]) else 0
        if stalled >= 12 and not errors and not retried and all(p == "[ ]:" for p in prompts):
            # Nothing ran at all: the click landed before the kernel session was connected. Once more.
            click_run_all()
            stalled, retried = 0, True
            continue
        if errors or stalled >= 12:
            raise AssertionError(f"Run All Cells stopped before the end (prompts {prompts}); "
                                 f"error output: {errors[-1][-2000:] if errors else 'none'}")
        if time.monotonic() > deadline:
            raise AssertionError(f"Run All Cells did not finish within {timeout:.0f} s (prompts {prompts})")
        time.sleep(0.25)


#: The course's demo (bpcourse.widgets._demo): its outer box, the <img> of its plot, its readout table and
#: its status line (role=status).
DEMO_BOX, PLOT_IMG = ".bpcourse-demo", "img.bpcourse-plot"
READOUT, STATUS = "table.bpcourse-readout", ".bpcourse-status"

#: The outputs that hold a slider demo: a slider, a readout table and the plot's image.
DEMO_SELECTOR = f".jp-OutputArea-output:has({DEMO_BOX} .widget-slider):has({READOUT}):has({PLOT_IMG})"

_READ_DEMO_JS = """async (root) => {
    const sliders = [...root.querySelectorAll('.widget-slider')].map(s => {
        const handle = s.querySelector('.noUi-handle');
        return {label: s.querySelector('.widget-label').textContent.trim(),
                readout: s.querySelector('.widget-readout').textContent.trim(),
                // noUiSlider keeps the handle's exact value in aria-valuetext (aria-valuenow is rounded)
                value: Number(handle.getAttribute('aria-valuetext') ?? handle.getAttribute('aria-valuenow')),
                min: Number(handle.getAttribute('aria-valuemin')),
                max: Number(handle.getAttribute('aria-valuemax'))};
    });
    // One row per readout entry: its key (data-name), the text its value cell shows, and the number in
    // full precision that the cell carries in data-value (null for a value that is not a number).
    const rows = [...root.querySelectorAll('%(readout)s tr[data-name]')].map(tr => {
        const td = tr.querySelector('td');
        return [tr.dataset.name, td ? td.textContent.trim() : null, td ? (td.dataset.value ?? null) : null];
    });
    const img = root.querySelector('%(img)s');
    let png = null;
    if (img && img.src) {
        const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
        let s = '';
        for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        png = btoa(s);
    }
    const status = root.querySelector('%(status)s');
    const cell = root.closest('.jp-Cell');
    const cells = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')];
    // Voilà (lecture mode) renders each cell as <div id="cell-id=ID">, ID being the notebook's cell id
    const cellId = cell && cell.id.startsWith('cell-id=') ? cell.id.slice('cell-id='.length) : null;
    return {sliders, rows, png, src: img ? img.src : null, alt: img ? img.getAttribute('alt') : null,
            status: status ? status.textContent : null, cellIndex: cells.indexOf(cell), cellId};
}""" % {"readout": READOUT, "img": PLOT_IMG, "status": STATUS}


def find_demo(page, index: int = 0, timeout: float = 90.0):
    """The ``index``-th demo output of the open notebook (a locator), once it is rendered.

    The first page of a fresh browser and server loads the widgets' scripts before it can draw the first
    demo; on a busy machine that has taken more than 30 s, hence the generous default (a wait, not a
    measurement: the latency benchmark measures)."""
    demo = page.locator(DEMO_SELECTOR).nth(index)
    demo.wait_for(state="visible", timeout=timeout * 1000)
    return demo


def read_demo(demo) -> dict:
    """What the page shows: sliders (label, readout text, value), readout table rows ([key, text, data-value]),
    the PNG's bytes, the image's alt text, the status line's text, and the cell: its index in JupyterLab's
    notebook (``cellIndex``), or its notebook cell id in Voilà (``cellId``)."""
    import base64

    state = demo.evaluate(_READ_DEMO_JS)
    state["png"] = base64.b64decode(state["png"]) if state["png"] else b""
    return state


def slider_row(demo, label: str):
    """The slider (label, track, readout) whose description is exactly ``label``."""
    exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
    return demo.locator(".widget-slider").filter(has=demo.page.locator(".widget-label", has_text=exact)).first


def slider_handle(demo, label: str):
    """The noUiSlider handle of the slider whose description is ``label``."""
    return slider_row(demo, label).locator(".noUi-handle")


def press_key(demo, label: str, key: str = "ArrowRight") -> None:
    """Focus the slider's handle and press a key (noUiSlider moves one step per arrow key)."""
    handle = slider_handle(demo, label)
    handle.focus()
    demo.page.keyboard.press(key)


def drag_to(demo, label: str, fraction: float, steps: int = 8) -> None:
    """Drag the slider's handle with the mouse to ``fraction`` (0..1) of its track."""
    page = demo.page
    track = slider_row(demo, label).locator(".noUi-base").bounding_box()
    box = slider_handle(demo, label).bounding_box()
    x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(track["x"] + fraction * track["width"], y0, steps=steps)
    page.mouse.up()


# -- what a screen reader is given ----------------------------------------------------------------

def accessible_of(page, expression: str) -> dict:
    """:func:`accessible` of the element that the JavaScript ``expression`` evaluates to in the page (Chromium's
    accessibility tree, read through the DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    try:
        found = cdp.send("Runtime.evaluate", {"expression": expression})["result"]
        if found.get("subtype") != "node":
            raise AssertionError(f"{expression} is not an element of the page: {found}")
        nodes = cdp.send("Accessibility.getPartialAXTree", {"objectId": found["objectId"], "fetchRelatives": False})
    finally:
        cdp.detach()
    node = nodes["nodes"][0]                             # the element itself (its relatives were not fetched)
    return {"role": node.get("role", {}).get("value"), "name": node.get("name", {}).get("value", ""),
            "properties": {p["name"]: p["value"].get("value") for p in node.get("properties", [])}}


def accessible(locator) -> dict:
    """What the browser gives a screen reader for this element: {"role", "name", "properties"}, the name being
    its computed accessible name (from alt, aria-labelledby, a <label for> …) and properties such as
    ``live``, ``pressed`` or ``valuetext``."""
    locator.evaluate("el => { window.__bpcourseProbe = el; }")
    return accessible_of(locator.page, "window.__bpcourseProbe")


def accessible_focus(page) -> dict:
    """:func:`accessible` of the element that has the keyboard focus."""
    return accessible_of(page, "document.activeElement")
