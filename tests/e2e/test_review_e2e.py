"""End to end in Debian chromium: a reviewer filters the overview to one locality and downloads the
participation statement as Word, which python-docx then opens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Browser, Page, expect

from feedback.admin.auth import create_user
from feedback.db import transaction
from feedback.fixtures import seed_review
from tests.e2e.conftest import SCREENSHOTS, Server, nav, sign_in

pytestmark = pytest.mark.e2e
REVIEWER = ("review.e2e", "5678")
LAPTOP = {"width": 1280, "height": 900}
THEMES_NOTE = re.compile(r"Theme mentions by locality for the \d+ most frequent themes")


@pytest.fixture
def laptop(browser: Browser, server: Server) -> Iterator[Page]:
    """A laptop-sized tab on the app, with a reviewer and known review rows stored."""
    with transaction(server.factory) as session:
        create_user(
            session=session,
            username=REVIEWER[0],
            display_name="E2E reviewer",
            role="reviewer",
            pin=REVIEWER[1],
        )
        seed_review(session)
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    tab.goto(server.url)
    yield tab
    context.close()


def test_reviewer_filters_the_overview_and_downloads_the_statement(laptop: Page, tmp_path: Path) -> None:
    page = laptop
    sign_in(page, *REVIEWER)

    nav(page, "Overview")
    expect(page.get_by_role("heading", name="Each locality at a glance")).to_be_visible()
    # This module's server holds only the rows this test added.
    expect(page.get_by_text(THEMES_NOTE)).to_be_visible()
    expect(page.get_by_text(re.compile(r"· all localities\."))).to_be_visible()
    page.get_by_role("combobox", name="Locality").click()
    page.get_by_role("option", name="Clydesdale").click()
    page.keyboard.press("Escape")
    expect(page.get_by_text(re.compile(r"· Clydesdale\."))).to_be_visible()
    # Clydesdale's few comments: no theme reaches k, so no theme row gives them away.
    expect(page.get_by_text("No theme has enough comments in this selection to be shown")).to_be_visible()
    expect(
        page.get_by_text("any below 10, none included, and some just above it show as [c]").first
    ).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "e2e-overview-1280x900.png"), full_page=True)

    nav(page, "Participation statement")
    expect(page.get_by_role("heading", name="Participation statement")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download Word (DOCX)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".docx"

    document = Document(str(path))
    rows = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    assert rows[0][:4] == ["Stakeholders", "Consultation/involvement activities", "Dates", "Outcomes"]
    text = "\n".join("|".join(r) for r in rows)
    assert "LISTEN event, Hamilton" in text and "Hub visit, Lanark" in text
    assert "We will: Rewrite the letters" in text
    assert any(p.text.startswith("Period: 1 April") for p in document.paragraphs)
