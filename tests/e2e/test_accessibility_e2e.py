"""axe-core on every page for every role, signed out, and on every kiosk screen, at a tablet and a
laptop size: any serious or critical violation fails (documented exclusions: docs/accessibility.md)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from feedback.db import transaction
from feedback.demo import DemoSize, load_demo
from feedback.settings import REPO_ROOT
from tests.e2e.a11y_walk import ROLE_SIGN_INS, kiosk_screens, pages_of, settle, sign_in, visit
from tests.e2e.axe import Finding, audit, blocking, describe
from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e
VIEWPORTS = {"tablet": {"width": 820, "height": 1180}, "laptop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def server_env() -> dict[str, str]:
    """Kiosk time-outs longer than an axe scan on a busy machine, so no screen resets mid-walk."""
    return {"FEEDBACK_KIOSK_TIMEOUT": "600", "FEEDBACK_KIOSK_WARNING": "60"}


@pytest.fixture(scope="module")
def demo(server: Server) -> Server:
    """The module's server with the demo accounts (one per role) and a little demo data."""
    with transaction(server.factory) as session:
        load_demo(session=session, size=DemoSize(activities_per_locality=1, cards_per_activity=(3, 4)))
    return server


@pytest.fixture(params=list(VIEWPORTS))
def tab(request: pytest.FixtureRequest, browser: Browser, demo: Server) -> Iterator[Page]:
    """A fresh browser tab at one of the two sizes."""
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(demo.url)
    yield page
    context.close()


def _check(failures: dict[str, list[Finding]], name: str, page: Page) -> None:
    if found := blocking(audit(page)):
        failures[name] = found


def _report(failures: dict[str, list[Finding]]) -> str:
    return "\n".join(f"{name}:\n{describe(found)}" for name, found in failures.items())


def test_signed_out_pages(tab: Page, demo: Server) -> None:
    failures: dict[str, list[Finding]] = {}
    settle(tab)
    _check(failures, "sign in", tab)
    visit(tab, demo.url, "accessibility")
    assert tab.get_by_role("heading", name="Enforcement procedure").count() == 1
    _check(failures, "accessibility statement", tab)
    assert not failures, _report(failures)


@pytest.mark.parametrize("role", list(ROLE_SIGN_INS))
def test_every_page_of_every_role(tab: Page, demo: Server, role: str) -> None:
    sign_in(tab, *ROLE_SIGN_INS[role])
    failures: dict[str, list[Finding]] = {}
    stems = pages_of(role, REPO_ROOT)
    assert "accessibility" in stems and len(stems) >= 6
    for stem in stems:
        visit(tab, demo.url, stem)
        _check(failures, stem, tab)
    assert not failures, _report(failures)


def test_every_kiosk_screen(tab: Page, demo: Server) -> None:
    sign_in(tab, *ROLE_SIGN_INS["staff"])
    failures: dict[str, list[Finding]] = {}
    seen = []
    for screen in kiosk_screens(tab, demo.url):
        seen.append(screen)
        _check(failures, screen, tab)
    assert {"privacy", "quote", "thanks", "declined", "nothing saved"} <= set(seen) and len(seen) >= 15
    assert not failures, _report(failures)
