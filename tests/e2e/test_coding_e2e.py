"""End to end in Debian chromium: an admin signs in, approves a quote and creates an action."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from feedback.auth import create_user
from feedback.db import make_engine, make_session_factory, transaction
from feedback.migrations import migrate
from feedback.models import Action, Comment
from feedback.settings import REPO_ROOT, settings_from_env
from tests.feedback.comment_factory import make_comment

pytestmark = pytest.mark.e2e
CHROMIUM = os.environ.get("FEEDBACK_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
QUOTE = "The [NAME] at the hub listened to me"


@dataclass(frozen=True)
class Server:
    """A running app and its database."""

    url: str
    factory: sessionmaker[Session]
    comment_id: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the app server stopped while starting")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the app server did not start in time")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """The real app on a free 127.0.0.1 port with a temporary SQLite database."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium not found at {CHROMIUM}")
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    engine = make_engine(url)
    migrate(engine, settings_from_env())
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        create_user(session=session, username="admin", display_name="Admin", role="admin", pin="1234")
        comment_id = make_comment(
            session,
            text="The manager at the hub listened to me",
            redacted=QUOTE,
            sentiment="positive",
            themes=("staff",),
            created_at=dt.datetime.now(dt.UTC),
        ).id
    port = _free_port()
    env = {**os.environ, "FEEDBACK_DATABASE_URL": url}
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
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{port}", process)
        yield Server(f"http://127.0.0.1:{port}", factory, comment_id)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        engine.dispose()


def test_admin_approves_a_quote_and_creates_an_action(server: Server) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1180, "height": 820})
        page.set_default_timeout(30_000)
        page.goto(server.url)
        page.get_by_label("Username").fill("admin")
        page.get_by_label("PIN").fill("1234")
        page.get_by_role("button", name="Sign in").click()

        page.get_by_role("link", name="Comments and coding").click()
        expect(page.get_by_text(QUOTE)).to_be_visible()
        page.get_by_role("button", name="Approve as a quote").click()
        expect(page.get_by_text("Quote approved")).to_be_visible()

        page.get_by_role("link", name="Actions").click()
        page.get_by_label("What we heard").fill("People said staff at the hub listen.")
        page.get_by_label("What we will do").fill("Keep the drop-in open on Fridays.")
        page.get_by_role("button", name="Create action").click()
        expect(page.get_by_text("Action created.")).to_be_visible()
        expect(page.get_by_text("Keep the drop-in open on Fridays.")).to_be_visible()
        browser.close()

    with server.factory() as session:
        assert session.get(Comment, server.comment_id).quote_approved is True
        action = session.scalars(select(Action)).one()
    assert (action.heard, action.will_do, action.status) == (
        "People said staff at the hub listen.",
        "Keep the drop-in open on Fridays.",
        "planned",
    )
