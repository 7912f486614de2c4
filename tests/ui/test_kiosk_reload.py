"""AppTest: a reload, a dropped connection or a browser Back finds the kiosk again (device token),
the receipt stays until Finish with a countdown, and leaving still needs the staff PIN."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.models import KioskDevice, StaffSession, Submission
from tests.ui.conftest import APP, TIMEOUT
from tests.ui.test_kiosk import (
    SECRET,
    UNSENT,
    answer_first_questions,
    backdate,
    device_of,
    finish_survey,
    keys,
    page_text,
    tap,
    widget,
)
from ui.state import KIOSK_KEY, TOKEN_KEY, USER_KEY


def reload(at: AppTest, *, by: str = "url", monkeypatch: pytest.MonkeyPatch | None = None) -> AppTest:
    """A new browser session on the same tablet: the token comes back in the URL or the cookie."""
    token = at.session_state[KIOSK_KEY]
    fresh = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if by == "url":
        fresh.query_params["kiosk"] = token
    else:
        monkeypatch.setattr("ui.kiosk_device.cookie", lambda name: token if name == "feedback_kiosk" else "")
    return fresh.run()


def test_a_reload_mid_survey_returns_to_the_same_question_with_the_answers(
    db: sessionmaker[Session], kiosk: AppTest
) -> None:
    at = answer_first_questions(kiosk)
    widget(at, "text_area", "could_be_better").input(UNSENT).run()
    again = reload(at)
    assert not again.exception
    assert "Question 4 of 10" in page_text(again)
    assert widget(again, "text_area", "could_be_better").value == UNSENT  # typed, not yet sent with Next
    tap(again, "back", "3")
    assert widget(again, "text_area", "worked_well").value == SECRET
    tap(again, "back", "2")
    assert any(b.key.endswith("face_overall_2") and b.proto.type == "primary" for b in again.button)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        again.switch_page("ui/activities.py")


def test_back_to_an_address_without_the_token_finds_the_kiosk_by_its_cookie(
    kiosk: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = answer_first_questions(kiosk)
    again = reload(at, by="cookie", monkeypatch=monkeypatch)
    assert not again.exception
    assert "Question 4 of 10" in page_text(again)
    assert again.query_params["kiosk"] == at.session_state[KIOSK_KEY]  # back in the address


def test_after_finish_a_reload_shows_nothing_of_the_previous_person(
    db: sessionmaker[Session], kiosk: AppTest
) -> None:
    at = finish_survey(answer_first_questions(kiosk))
    tap(at, "finish")
    stored = device_of(db, at)
    assert (stored.answers, stored.drafts, stored.receipt_code, stored.screen) == ({}, {}, None, "privacy")
    again = reload(at)
    assert again.button(key=f"kq_{stored.generation}_yes").label == "Yes, I'll take part"
    assert SECRET not in page_text(again) and "Thank you" not in page_text(again)


def test_a_reload_long_after_the_person_left_starts_again(db: sessionmaker[Session], kiosk: AppTest) -> None:
    at = answer_first_questions(kiosk)
    backdate(db, at, last_activity=10_000)
    again = reload(at)
    assert not again.exception
    assert "Yes, I'll take part" in [b.label for b in again.button]
    assert device_of(db, at).answers == {}
    assert SECRET not in page_text(again)


def test_the_receipt_stays_with_a_countdown_until_finish(db: sessionmaker[Session], kiosk: AppTest) -> None:
    at = finish_survey(answer_first_questions(kiosk))
    with db() as session:
        code = session.scalars(select(Submission.receipt_code)).one()
    assert device_of(db, at).receipt_code == code
    countdowns = [h.proto.body for h in at.get("html") if "feedback-countdown" in h.proto.body]
    assert countdowns and 'data-seconds="60"' in countdowns[0]
    backdate(db, at, screen_at=50)
    at.run()  # 50 seconds on: still there
    assert code in device_of(db, at).receipt_code
    assert "kq_1_finish" in keys(at)
    tap(at, "more_time")  # "I need more time" starts the countdown again (from 10 seconds left)
    left = [int(m) for h in at.get("html") for m in re.findall(r'data-seconds="(\d+)"', h.proto.body)]
    assert left and max(left) >= 55  # 60, less a slow run's second or two
    backdate(db, at, screen_at=61)
    at.run()
    assert not at.exception
    assert at.button(key="kq_2_yes") is not None  # the time is up: ready for the next person
    assert device_of(db, at).receipt_code is None


def test_a_reload_on_the_thank_you_screen_keeps_the_receipt(
    db: sessionmaker[Session], kiosk: AppTest
) -> None:
    at = finish_survey(answer_first_questions(kiosk))
    code = device_of(db, at).receipt_code
    again = reload(at)
    assert any(code.split("-")[0] in m.value for m in again.markdown)
    assert "Finish" in [b.label for b in again.button]


def test_wrong_pins_count_on_the_server_so_a_reload_does_not_clear_them(
    db: sessionmaker[Session], kiosk: AppTest
) -> None:
    at = kiosk.button(key="kiosk_staff").click().run()
    for _ in range(5):
        at.text_input(key="kiosk_pin").input("0000")
        at.button(key="kiosk_unlock").click().run()
    again = reload(at)
    again.button(key="kiosk_staff").click().run()
    again.text_input(key="kiosk_pin").input("111333")  # the right PIN, but the kiosk must wait
    again.button(key="kiosk_unlock").click().run()
    assert "Too many wrong PINs" in again.error[0].value
    assert device_of(db, at) is not None


def test_the_right_pin_closes_the_kiosk_and_signs_the_staff_member_in(
    db: sessionmaker[Session], kiosk: AppTest
) -> None:
    at = answer_first_questions(kiosk)
    at.button(key="kiosk_staff").click().run()
    at.text_input(key="kiosk_pin").input("111333")
    at.button(key="kiosk_unlock").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Activities"]
    assert at.session_state[USER_KEY].username == "staff"
    with db() as session:
        assert session.scalars(select(KioskDevice)).all() == []  # nothing of the respondent is left
        assert len(session.scalars(select(StaffSession)).all()) == 1
    assert at.session_state[TOKEN_KEY]


def test_a_choice_tapped_but_not_yet_sent_with_next_survives_a_reload(
    db: sessionmaker[Session], kiosk: AppTest
) -> None:
    # Every answer type: a text draft and a face are covered above; here one choice and several.
    tap(kiosk, "yes")
    widget(kiosk, "radio", "stakeholder_group").set_value("victims").run()
    again = reload(kiosk)
    assert "Question 1 of 10" in page_text(again)
    assert widget(again, "radio", "stakeholder_group").value == "victims"
    tap(again, "next", "0")
    tap(again, "skip", "1")
    tap(again, "skip", "2")
    tap(again, "skip", "3")
    widget(again, "checkbox", "helped_with", "money").check().run()
    widget(again, "checkbox", "helped_with", "family").check().run()
    third = reload(again)
    assert "Question 5 of 10" in page_text(third)
    assert widget(third, "checkbox", "helped_with", "money").value is True
    assert widget(third, "checkbox", "helped_with", "family").value is True
    assert widget(third, "checkbox", "helped_with", "housing").value is False
    widget(third, "checkbox", "helped_with", "money").uncheck().run()
    widget(third, "checkbox", "helped_with", "family").uncheck().run()
    assert "helped_with" not in device_of(db, third).answers  # unticked on screen: nothing kept
    assert device_of(db, third).answers["stakeholder_group"] == "victims"
