"""AppTest: a kiosk respondent is shown where to get help, and what they disclose reaches the right people."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.admin.auth import create_user
from feedback.db import transaction
from feedback.models import SafeguardingAlert, Submission
from tests.ui.conftest import APP, TIMEOUT, kiosk_config, signed_in_user
from tests.ui.test_kiosk import finish_survey, page_text, tap, widget
from ui.state import KIOSK_KEY, USER_KEY

DISCLOSURE = "My ex keeps turning up at my door and says he'll hurt the wean if I don't let him in"


def _respond(at: AppTest, worked_well: str) -> AppTest:
    tap(at, "yes")
    tap(at, "next", "0")
    tap(at, "next", "1")
    widget(at, "text_area", "worked_well").input(worked_well)
    return finish_survey(tap(at, "next", "2"))


def test_the_thank_you_screen_always_shows_where_to_get_help(kiosk: AppTest) -> None:
    at = _respond(kiosk, "The staff were kind and the tea was hot")
    assert not at.exception
    text = page_text(at)
    assert [h.value for h in at.header] == ["Getting help"]
    assert (
        "116 123" in text
        and "0800 027 1234" in text
        and "0303 123 1015" in " ".join(t.value for t in at.text)
    )
    assert not any("If you would like help" in e.value for e in at.error)  # not prominent: nothing asked


def test_a_flagged_kiosk_answer_shows_help_first_and_alerts_the_staff_member_who_started_it(
    db: sessionmaker[Session], kiosk: AppTest, open_page: Callable[..., AppTest]
) -> None:
    with transaction(db) as session:
        for name, locality in (("near.lead", "clydesdale"), ("far.lead", "hamilton_blantyre_larkhall")):
            create_user(
                session=session,
                username=name,
                display_name=name,
                role="locality_lead",
                pin="222444",
                locality=locality,
            )
    at = _respond(kiosk, DISCLOSURE)
    assert not at.exception
    assert any("If you would like help" in e.value for e in at.error)  # prominent, before the receipt
    with db() as session:
        submission = session.scalars(select(Submission)).one()
        alert = session.scalars(select(SafeguardingAlert)).one()
        assert submission.created_by is not None and alert.submission_id == submission.id
    for username, expected in (
        ("staff", True),
        ("near.lead", True),
        ("far.lead", False),
        ("other.staff", False),
    ):
        page = open_page("ui/activities.py", username=username)
        assert any("safeguarding alert" in e.value for e in page.error) is expected, username
    alerts = open_page("ui/safeguarding.py", username="staff")
    shown = " ".join(t.value for t in alerts.text)
    assert (
        submission.receipt_code in shown
        and "Question: worked_well" in shown
        and "Survey: Your View Counts" in shown
    )


def test_need_help_now_opens_the_panel_and_keeps_the_typed_answer(db: sessionmaker[Session]) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[USER_KEY] = signed_in_user(db, "staff")
    at.session_state[KIOSK_KEY] = kiosk_config(db, survey_key="womens_hub_checkin")
    at.run()
    tap(at, "yes")
    tap(at, "next", "0")
    widget(at, "text_area", "helped").input("Half-typed words")
    tap(at, "need_help")
    assert not at.exception
    assert "Breathing Space" in page_text(at)
    assert widget(at, "text_area", "helped").value == "Half-typed words"
