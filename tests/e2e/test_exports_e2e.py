"""End to end in Debian chromium: a reviewer prepares the comments export (built only when asked,
streamed to files) and downloads the CSV and XLSX through the real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from feedback.admin.auth import create_user
from feedback.db import transaction
from feedback.fixtures import seed_review
from tests.e2e.conftest import Server, nav, sign_in

pytestmark = pytest.mark.e2e
REVIEWER = ("export.e2e", "5678")


@pytest.fixture
def laptop(browser: Browser, server: Server) -> Iterator[Page]:
    """A laptop-sized tab on the app, with a reviewer and known review rows stored."""
    with transaction(server.factory) as session:
        create_user(
            session=session,
            username=REVIEWER[0],
            display_name="E2E exports",
            role="reviewer",
            pin=REVIEWER[1],
        )
        seed_review(session)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    tab.goto(server.url)
    yield tab
    context.close()


def test_reviewer_prepares_and_downloads_the_comments_export(laptop: Page, tmp_path: Path) -> None:
    page = laptop
    sign_in(page, *REVIEWER)
    nav(page, "Exports")
    expect(page.get_by_role("heading", name="Exports")).to_be_visible()
    expect(page.get_by_role("button", name="Download CSV")).to_have_count(0)  # nothing built on page load
    page.get_by_role("button", name="Prepare comments").click()
    expect(page.get_by_role("button", name="Download CSV")).to_be_visible()
    files = {}
    for kind in ("CSV", "XLSX"):
        with page.expect_download() as info:
            page.get_by_role("button", name=f"Download {kind}").click()
        files[kind] = tmp_path / info.value.suggested_filename
        info.value.save_as(files[kind])
    text = files["CSV"].read_text(encoding="utf-8-sig")
    assert text.startswith("id,date,locality,activity") and '\'=HYPERLINK(""http://evil.example""' in text
    assert files["XLSX"].read_bytes().startswith(b"PK")  # a zip: the workbook
