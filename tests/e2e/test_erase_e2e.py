"""End to end in Debian chromium: an admin erases a card from the comment list and a response by receipt."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from feedback.admin.auth import create_user
from feedback.capture.responses import SurveyResponse, save_survey_response
from feedback.db import transaction
from feedback.fixtures import make_comment
from feedback.models import AuditEvent, Comment, Submission, Survey, User
from tests.e2e.conftest import Server, nav, sign_in

pytestmark = pytest.mark.e2e
ADMIN = ("erase.admin", "4321")
CARD = "The allotment group kept me going"


def _admin(server: Server) -> None:
    """The module's admin account, made once."""
    with transaction(server.factory) as session:
        if session.scalar(select(User.id).where(User.username == ADMIN[0])) is None:
            create_user(
                session=session, username=ADMIN[0], display_name="Erase admin", role="admin", pin=ADMIN[1]
            )


def _erasures(server: Server) -> list[dict]:
    with server.factory() as session:
        return list(session.scalars(select(AuditEvent.detail).where(AuditEvent.event == "submission.erase")))


def test_admin_erases_a_card_from_the_comment_list(server: Server, page: Page) -> None:
    _admin(server)
    with transaction(server.factory) as session:
        comment_id = make_comment(session, text=CARD, redacted=CARD, created_at=dt.datetime.now(dt.UTC)).id
    sign_in(page, *ADMIN)
    nav(page, "Comments and coding")
    search = page.get_by_label("Search the redacted text")
    search.fill("allotment")
    search.press("Enter")
    expect(page.get_by_text(CARD)).to_be_visible()
    page.get_by_text("Erase this feedback card").click()
    page.get_by_text("The person asked for it to be deleted").click()
    page.get_by_text("I understand this feedback card is deleted for good").click()
    page.get_by_role("button", name="Erase it now").click()
    expect(page.get_by_text("Erased the feedback card for good")).to_be_visible()
    with server.factory() as session:
        assert session.get(Comment, comment_id) is None
    assert [d["reason"] for d in _erasures(server)] == ["subject_request"]


def test_admin_erases_a_kiosk_response_by_its_receipt_code_typed_without_the_dash(
    server: Server, page: Page
) -> None:
    _admin(server)
    with transaction(server.factory) as session:
        survey_id = session.scalars(select(Survey.id).where(Survey.key == "your_view_counts")).first()
        response = SurveyResponse(
            submission_id=str(uuid.uuid4()),
            survey_id=survey_id,
            locality="clydesdale",
            answers={"overall": "4", "worked_well": "Tea and a chat"},
        )
        code = save_survey_response(session=session, response=response).receipt_code
    sign_in(page, *ADMIN)
    nav(page, "Subject requests")
    page.get_by_label("Receipt code", exact=True).fill(code.replace("-", "").lower())
    page.get_by_role("button", name="Find the response").click()
    expect(page.get_by_text(f"Receipt {code}")).to_be_visible()
    page.get_by_role("button", name="Yes, erase this response").click()
    expect(page.get_by_text(f"Erased the response with receipt {code}.")).to_be_visible()
    with server.factory() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(Submission).where(Submission.receipt_code == code)
            )
            == 0
        )
