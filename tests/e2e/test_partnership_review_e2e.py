"""End to end in Debian chromium, one partnership review in a row: filter the overview to one
locality, approve a quote, create an action, download the participation statement and open it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from feedback.admin.auth import create_user
from feedback.db import transaction
from feedback.fixtures import make_activity, make_comment
from feedback.models import Action, Comment
from tests.e2e.conftest import Server, nav, sign_in

pytestmark = pytest.mark.e2e
ADMIN = ("journey.admin", "8642")
ACTIVITY = "LISTEN event, Larkhall journey"
QUOTE = "The [NAME] at the greenhouse project treated me like a person"
WILL_DO = "Run a second greenhouse session on Saturdays."


@pytest.fixture
def laptop(browser: Browser, server: Server) -> Iterator[Page]:
    """A laptop-sized tab, with an admin, an activity and a quotable comment stored."""
    with transaction(server.factory) as session:
        create_user(
            session=session, username=ADMIN[0], display_name="Journey admin", role="admin", pin=ADMIN[1]
        )
        activity = make_activity(session, title=ACTIVITY, start_date=dt.date.today())
        make_comment(
            session,
            text="The manager at the greenhouse project treated me like a person",
            redacted=QUOTE,
            sentiment="positive",
            question_type="working_well",
            themes=("staff",),
            activity_id=activity.id,
            created_at=dt.datetime.now(dt.UTC),
        )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    tab.goto(server.url)
    yield tab
    context.close()


def test_partnership_review_from_overview_to_statement(laptop: Page, server: Server, tmp_path: Path) -> None:
    page = laptop
    sign_in(page, *ADMIN)

    nav(page, "Overview")
    expect(page.get_by_role("heading", name="Each locality at a glance")).to_be_visible()
    page.get_by_role("combobox", name="Locality").click()
    page.get_by_role("option", name="Hamilton/Blantyre/Larkhall").click()
    page.keyboard.press("Escape")
    expect(page.get_by_text(re.compile(r"· Hamilton/Blantyre/Larkhall\."))).to_be_visible()

    nav(page, "Comments and coding")
    search = page.get_by_label("Search the redacted text")
    search.fill("greenhouse")
    search.press("Enter")
    expect(page.get_by_text(QUOTE)).to_be_visible()
    # Wait until the search has applied and leaves only this comment.
    expect(page.get_by_role("button", name="Approve as a quote")).to_have_count(1)
    page.get_by_role("button", name="Approve as a quote").click()
    expect(page.get_by_text("Quote approved")).to_be_visible()

    nav(page, "Actions")
    page.get_by_label("What we heard").fill("People value the greenhouse project.")
    page.get_by_label("What we will do").fill(WILL_DO)
    page.get_by_role("button", name="Create action").click()
    expect(page.get_by_text("Action created.")).to_be_visible()

    nav(page, "Participation statement")
    expect(page.get_by_role("heading", name="Participation statement")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download Word (DOCX)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)

    table = Document(str(path)).tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][:4] == ["Stakeholders", "Consultation/involvement activities", "Dates", "Outcomes"]
    assert any(ACTIVITY in row[1] for row in rows[1:])
    with server.factory() as session:
        assert session.scalars(select(Comment).where(Comment.redacted_text == QUOTE)).one().quote_approved
        assert session.scalars(select(Action).where(Action.will_do == WILL_DO)).one().status == "planned"
