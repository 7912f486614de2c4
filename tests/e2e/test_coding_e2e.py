"""End to end in Debian chromium: an admin signs in, approves a quote and creates an action."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from feedback.admin.auth import create_user
from feedback.db import transaction
from feedback.fixtures import make_comment
from feedback.models import Action, Comment
from tests.e2e.conftest import Server, nav, sign_in

pytestmark = pytest.mark.e2e
ADMIN = ("coding.admin", "4321")
QUOTE = "The [NAME] at the hub listened to me about the allotment"
WILL_DO = "Keep the drop-in open on Fridays."


def test_admin_approves_a_quote_and_creates_an_action(server: Server, page: Page) -> None:
    with transaction(server.factory) as session:
        create_user(
            session=session, username=ADMIN[0], display_name="Coding admin", role="admin", pin=ADMIN[1]
        )
        comment_id = make_comment(
            session,
            text="The manager at the hub listened to me about the allotment",
            redacted=QUOTE,
            sentiment="positive",
            themes=("staff",),
            created_at=dt.datetime.now(dt.UTC),
        ).id
    sign_in(page, *ADMIN)

    nav(page, "Comments and coding")
    # Narrow the list to this comment (the module's server holds only its own rows).
    search = page.get_by_label("Search the redacted text")
    search.fill("allotment")
    search.press("Enter")
    expect(page.get_by_text(QUOTE)).to_be_visible()
    expect(page.get_by_role("button", name="Approve as a quote")).to_have_count(1)
    page.get_by_role("button", name="Approve as a quote").click()
    expect(page.get_by_text("Quote approved")).to_be_visible()

    nav(page, "Actions")
    page.get_by_label("What we heard").fill("People said staff at the hub listen.")
    page.get_by_label("What we will do").fill(WILL_DO)
    page.get_by_role("button", name="Create action").click()
    expect(page.get_by_text("Action created.")).to_be_visible()
    expect(page.get_by_text(WILL_DO).first).to_be_visible()

    with server.factory() as session:
        assert session.get(Comment, comment_id).quote_approved is True
        action = session.scalars(select(Action).where(Action.will_do == WILL_DO)).one()
    assert (action.heard, action.status) == ("People said staff at the hub listen.", "planned")
