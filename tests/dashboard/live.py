"""A running dashboard (`streamlit run`, as `placehealth dashboard` starts it) and a browser on it."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.dashboard import command

PAGES = {
    "overview": "Place overview",
    "neighbourhoods": "Neighbourhoods",
    "trends": "Trends",
    "registers": "Registers",
    "quality": "Data quality",
    "compare": "Compare",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def dashboard(warehouse: Path, reports: Path, app: Path | None = None) -> Iterator[str]:
    """The dashboard (or another Streamlit `app`) served on a free port; its base URL."""
    port = free_port()
    process = subprocess.Popen(
        command(port, str(warehouse), str(reports), **({"app": app} if app else {})),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode())
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextlib.contextmanager
def browser() -> Iterator[object]:
    """Headless Chromium (the Debian package) driven by Playwright; skips where absent."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        pytest.skip("Chromium not installed (Debian package `chromium`; `make browser`)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=binary, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield chromium
        finally:
            chromium.close()


class Session:
    """One browser tab on the dashboard, recording console errors and failed requests."""

    def __init__(self, chromium, base: str, height: int = 1800) -> None:
        self.base = base
        self.page = chromium.new_page(viewport={"width": 1400, "height": height})
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url}"))

    def settle(self, timeout_ms: int = 60_000) -> None:
        """Wait until the script run has finished and the page stopped changing."""
        self.page.wait_for_timeout(300)
        self.page.wait_for_function(
            "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=timeout_ms
        )
        self.page.wait_for_timeout(500)

    def open(self, query: str) -> None:
        self.page.goto(f"{self.base}/?{query}")
        self.page.wait_for_selector("h1", timeout=90_000)
        self.settle()

    def go(self, page: str) -> None:
        """Follow the sidebar link to a page, as a user would."""
        self.page.get_by_role("link", name=PAGES[page]).click()
        self.page.wait_for_function(
            "p => location.pathname.endsWith('/' + p) || (p === 'overview' && location.pathname === '/')",
            arg=page,
            timeout=30_000,
        )
        self.page.wait_for_selector("h1", timeout=60_000)
        self.settle()

    def choose(self, label: str, option: str) -> None:
        """Pick `option` in the sidebar select box labelled `label`."""
        box = self.page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").filter(
            has_text=label
        )
        box.locator("input").click()
        self.page.get_by_role("option", name=option).first.click()
        self.settle()

    def title(self) -> str:
        return self.page.locator("h1").first.inner_text()

    def shapes(self) -> int:
        """Filled shapes on the page's map (the outline of a chosen area excluded)."""
        return self.page.locator(".choroplethlayer .trace:first-child path").count()

    def plot_text(self) -> str:
        return "\n".join(self.page.locator(".js-plotly-plot").all_inner_texts())
