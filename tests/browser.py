"""Headless Chromium for page tests: console errors, rendered DOM and a screenshot."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=8000",
]
CONSOLE_ERROR = re.compile(r"CONSOLE.*(Uncaught|Error|error)")


def chromium() -> str:
    """Path of the Chromium binary, or skip (make test installs Debian's chromium when root)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("Chromium not installed (Debian package `chromium`; `make browser`)")
    return found


def render(url: str, workdir: Path) -> tuple[str, list[str], Path]:
    """The page's DOM after scripts ran, its console errors, and a PNG screenshot."""
    browser = chromium()
    profile = workdir / "chromium-profile"
    shot = workdir / "page.png"
    common = [browser, *FLAGS, f"--user-data-dir={profile}", "--window-size=1280,900"]
    dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    subprocess.run([*common, f"--screenshot={shot}", url], capture_output=True, timeout=120)
    errors = [line for line in dom.stderr.splitlines() if CONSOLE_ERROR.search(line)]
    return dom.stdout, errors, shot


def is_blank(png: Path) -> bool:
    """True when the screenshot is missing or a single flat colour."""
    if not png.exists():
        return True
    import matplotlib.image

    pixels = matplotlib.image.imread(str(png))
    return float(np.asarray(pixels).std()) < 0.01
