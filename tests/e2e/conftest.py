"""Browser tests: the real server on a free 127.0.0.1 port with a temporary database, Debian chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy.orm import Session, sessionmaker

from feedback.admin.auth import create_user
from feedback.db import make_engine, make_session_factory, transaction
from feedback.migrations import migrate
from feedback.settings import REPO_ROOT, settings_from_env
from tests.conftest import missing_service

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 820, "height": 1180}
KIOSK_TIMEOUT_SECONDS = 15  # the smallest the settings allow, so the idle warning can be watched
KIOSK_WARNING_SECONDS = 5  # the smallest warning, so the reset after it can be watched too
STAFF = ("staff", "111333")
SCREENSHOTS = REPO_ROOT / ".tmp"


@dataclass(frozen=True)
class Server:
    """The running app: its address and a session factory on its database."""

    url: str
    factory: sessionmaker[Session]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app stopped while starting:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the app did not answer on {url} within {seconds:.0f} s")


@contextlib.contextmanager
def serve_app(repo: Path, env: dict[str, str], log: Path) -> Iterator[str]:
    """Run `streamlit run streamlit_app.py` of a checkout on a free 127.0.0.1 port; yield its URL."""
    port = _free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "streamlit_app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=repo,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def server_env() -> dict[str, str]:
    """Extra environment for the module's server (a test module overrides this fixture)."""
    return {}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, server_env: dict[str, str]) -> Iterator[Server]:
    """Per test module (as Streamlit's own e2e suite does): a fresh SQLite database with a staff user,
    served on a free port, so no test module sees another module's rows."""
    folder = tmp_path_factory.mktemp("e2e")
    url_db = f"sqlite:///{folder / 'app.db'}"
    engine = make_engine(url_db)
    migrate(engine, settings_from_env())
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        create_user(
            session=session, username=STAFF[0], display_name="Staff member", role="staff", pin=STAFF[1]
        )
    env = {
        **os.environ,
        "FEEDBACK_DATABASE_URL": url_db,
        "FEEDBACK_KIOSK_TIMEOUT": str(KIOSK_TIMEOUT_SECONDS),
        "FEEDBACK_KIOSK_WARNING": str(KIOSK_WARNING_SECONDS),
        **server_env,
    }
    try:
        with serve_app(REPO_ROOT, env, folder / "server.log") as url:
            yield Server(url, factory)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    executable = os.environ.get("FEEDBACK_TEST_CHROMIUM", "/usr/bin/chromium")
    if not (shutil.which(executable) or Path(executable).is_file()):
        missing_service("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """A fresh tablet-sized browser tab (a new app session) on the app."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(20_000)
    tab = context.new_page()
    tab.goto(server.url)
    yield tab
    context.close()


def sign_in(page: Page, username: str, pin: str) -> None:
    """Sign in on the app's sign-in page."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("PIN").fill(pin)
    page.get_by_role("button", name="Sign in").click()


def nav(page: Page, title: str) -> None:
    """Open a page from the navigation at the top: its section's menu, then the page (title or its start)."""
    from ui.navigation import PAGES

    spec = next((s for s in PAGES if s.title == title), None) or next(
        s for s in PAGES if s.title.startswith(title)
    )
    page.get_by_test_id("stTopNavSection").filter(has_text=spec.section).click()
    page.get_by_role("menuitem", name=spec.title, exact=True).click()
