"""Walking the app for the accessibility checks: demo sign-ins, each role's pages, every kiosk screen."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Page, expect

from feedback.access import ALL_ROLES, may_open
from tests.e2e.conftest import serve_app
from ui.navigation import PAGES

ROLE_SIGN_INS = {  # the demo accounts of feedback/demo.py
    "staff": ("staff", "111333"),
    "locality_lead": ("lead.hamilton", "222444"),
    "reviewer": ("reviewer", "333555"),
    "admin": ("admin", "partnership-demo"),
}
assert set(ROLE_SIGN_INS) == set(ALL_ROLES)
KIOSK_WORDS = "The staff were kind and listened to me."
WAIT = 30_000  # ms: a shared test machine can be slow


def settle(page: Page) -> None:
    """Wait for a heading and until no element is stale (a kiosk's watchdog reruns every second)."""
    page.locator("h1, h2").first.wait_for()
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")
    page.wait_for_timeout(400)


def sign_in(page: Page, username: str, pin: str) -> None:
    """Sign in on the sign-in page and wait for the first page."""
    settle(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("PIN").fill(pin)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    settle(page)


def pages_of(role: str, repo: Path) -> list[str]:
    """The URL paths of the pages a role opens (that exist in the checkout), sign-out left out."""
    return [
        Path(spec.path).stem
        for spec in PAGES
        if may_open(role, spec.page_id) and spec.page_id != "sign_out" and (repo / spec.path).exists()
    ]


def visit(page: Page, url: str, stem: str) -> None:
    """Open a page by its address (the sign-in comes back from the session cookie)."""
    page.goto(f"{url}/{stem}")
    settle(page)


def _questions(page: Page, *, write: bool) -> Iterator[str]:
    """Every question screen up to the end: writes an answer to the first text question if asked."""
    for n in range(1, 30):
        settle(page)
        ends = (
            page.get_by_role("heading", name="Can we use your words?")
            .or_(page.get_by_role("heading", name="Thank you"))
            .or_(page.get_by_role("heading", name="Sending your answers"))
        )
        expect(ends.or_(page.get_by_role("button", name="Next", exact=True)).first).to_be_visible(
            timeout=WAIT
        )
        if ends.count():
            return  # the sending screen sends at once and goes on to the thank-you screen
        yield f"screen {n}"
        box = page.locator("textarea")
        skip = page.get_by_role("button", name="Skip", exact=True)
        if write and box.count():
            box.fill(KIOSK_WORDS)
            write = False
            _tap(page, "Next")
        else:
            _tap(page, "Skip" if skip.count() else "Next")


def _tap(page: Page, name: str) -> None:
    """Tap the one button of this name once the screen before has gone."""
    button = page.get_by_role("button", name=name, exact=True)
    expect(button).to_have_count(1, timeout=WAIT)
    before = page.locator("h1").first.inner_text()
    button.click()
    page.wait_for_function(
        "(before) => (document.querySelector('h1') || {}).innerText !== before", arg=before
    )


def _restart(page: Page) -> None:
    """Tap Finish and wait for the next person's first screen to settle (a tap during the change is lost)."""
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("button", name="Finish")).to_have_count(0, timeout=WAIT)
    expect(page.get_by_role("button", name="No thanks")).to_be_visible(timeout=WAIT)
    settle(page)


def kiosk_screens(page: Page, url: str) -> Iterator[str]:
    """As signed-in staff: start a Your View Counts kiosk and stop on every screen it shows.

    Writes an answer to the first text question (so the permission-to-quote screen shows), skips
    the rest, says no to quoting, finishes; then the no-thanks screen; then a respondent who skips
    everything, who is told nothing was saved.
    """
    visit(page, url, "kiosk_start")
    page.get_by_role("combobox", name="Survey").click()
    page.get_by_role("option", name=re.compile("^Your View Counts")).click()
    settle(page)
    page.get_by_role("combobox", name="Locality").click()
    page.get_by_role("option", name="Hamilton/Blantyre/Larkhall", exact=True).click()
    settle(page)
    page.get_by_role("button", name="Start kiosk").click()
    expect(page.get_by_role("button", name="Yes, I'll take part")).to_be_visible(timeout=WAIT)
    settle(page)
    yield "privacy"
    page.get_by_role("button", name="Yes, I'll take part").click()
    yield from _questions(page, write=True)
    if page.get_by_role("heading", name="Can we use your words?").count():
        yield "quote"
        page.get_by_role("button", name="No, please don't").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible(timeout=WAIT)
    settle(page)
    yield "thanks"
    _restart(page)
    page.get_by_role("button", name="No thanks").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible(timeout=WAIT)
    settle(page)
    yield "declined"
    _restart(page)
    page.get_by_role("button", name="Yes, I'll take part").click()
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_visible(timeout=WAIT)
    for _screen in _questions(page, write=False):
        pass
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible(timeout=WAIT)
    settle(page)
    yield "nothing saved"


@contextlib.contextmanager
def serve(repo: Path, folder: Path, *, demo: bool) -> Iterator[str]:
    """Serve the app of a checkout on a free port with a fresh SQLite database (demo data if asked)."""
    env = {**os.environ, "FEEDBACK_DATABASE_URL": f"sqlite:///{folder / 'app.db'}"}
    commands = [["migrate"], ["demo"]] if demo else [["migrate"]]
    for command in commands:
        subprocess.run(
            [sys.executable, "-m", "feedback", *command],
            cwd=repo,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    with serve_app(repo, env, folder / "server.log") as url:
        yield url
