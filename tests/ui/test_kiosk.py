"""AppTest: the kiosk from the privacy notice to the receipt, its resets and its staff PIN."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Widget

from feedback.capture import kiosk_devices as devices
from feedback.capture import responses
from feedback.db import transaction
from feedback.models import Answer, Comment, KioskDevice, Submission, utcnow
from ui import kiosk_flow as flow
from ui.state import KIOSK_KEY

SECRET = "My worker Jo was brilliant"
UNSENT = "Half-typed words about my case"


def tap(at: AppTest, *parts: str) -> AppTest:
    """Tap the kiosk button whose key is kq_<generation>_<parts...>."""
    gen = at.session_state["kiosk_generation"]
    return at.button(key="_".join(("kq", str(gen), *parts))).click().run()


def widget(at: AppTest, kind: str, *parts: str) -> Widget:
    """A kiosk answer widget by kind and key parts."""
    gen = at.session_state["kiosk_generation"]
    return getattr(at, kind)(key="_".join(("kq", str(gen), "q", *parts)))


def answer_first_questions(at: AppTest) -> AppTest:
    """Agree, then answer who they are, a face rating and what worked well."""
    tap(at, "yes")
    widget(at, "radio", "stakeholder_group").set_value("families")
    tap(at, "next", "0")
    tap(at, "face", "overall", "2")
    tap(at, "next", "1")
    widget(at, "text_area", "worked_well").input(SECRET)
    return tap(at, "next", "2")


def finish_survey(at: AppTest, quote: str = "quote_yes") -> AppTest:
    """Skip or answer the rest of Your View Counts and send it."""
    tap(at, "skip", "3")
    widget(at, "checkbox", "helped_with", "housing").check()
    widget(at, "checkbox", "helped_with", "money").check()
    tap(at, "next", "4")
    tap(at, "skip", "5")
    tap(at, "next", "6")  # the note before the equality questions
    for index in range(7, 11):
        tap(at, "skip", str(index))
    return tap(at, quote)


def page_text(at: AppTest) -> str:
    """Every piece of text and every widget value on the screen."""
    parts = [
        e.value
        for kind in ("markdown", "title", "caption", "error", "warning", "success")
        for e in getattr(at, kind)
    ]
    parts += [
        str(w.value) for kind in ("text_area", "text_input", "radio", "checkbox") for w in getattr(at, kind)
    ]
    parts += [b.label for b in at.button]
    return "\n".join(parts)


def test_a_full_run_stores_one_submission_and_shows_a_receipt(
    db: sessionmaker[Session], kiosk: AppTest
) -> None:
    at = finish_survey(answer_first_questions(kiosk))
    assert not at.exception
    with db() as session:
        stored = session.scalars(select(Submission)).one()
        answers = {a.question: a.choice for a in session.scalars(select(Answer))}
        comments = [(c.question, c.question_type, c.text) for c in session.scalars(select(Comment))]
    assert (stored.channel, stored.locality, stored.stakeholder_group, stored.quote_permission) == (
        "kiosk",
        "clydesdale",
        "families",
        True,
    )
    assert answers == {"stakeholder_group": "families", "overall": "2", "helped_with": "housing money"}
    assert comments == [("worked_well", "working_well", SECRET)]
    assert any(flow.receipt_html(stored.receipt_code) in m.value for m in at.markdown)
    assert SECRET not in page_text(at)


def test_going_back_shows_the_earlier_answer(kiosk: AppTest) -> None:
    at = answer_first_questions(kiosk)
    tap(at, "back", "3")
    assert widget(at, "text_area", "worked_well").value == SECRET
    tap(at, "back", "2")
    assert any(b.key.endswith("face_overall_2") and b.proto.type == "primary" for b in at.button)


def test_finish_resets_the_kiosk_for_the_next_person(kiosk: AppTest) -> None:
    at = finish_survey(answer_first_questions(kiosk))
    tap(at, "finish")
    assert not at.exception
    assert at.session_state["kiosk_generation"] == 2  # one reset when sent, one on Finish
    assert at.button(key="kq_2_yes").label == "Yes, I'll take part"
    assert "Thank you" not in page_text(at)


def backdate(db: sessionmaker[Session], at: AppTest, **seconds_ago: float) -> None:
    """Move the kiosk device's clocks (last_activity, warned_at, screen_at) into the past."""
    with transaction(db) as session:
        device = devices.get_device(session=session, token=at.session_state[KIOSK_KEY])
        for name, seconds in seconds_ago.items():
            setattr(device, name, utcnow() - dt.timedelta(seconds=seconds))


def device_of(db: sessionmaker[Session], at: AppTest) -> KioskDevice:
    """The kiosk's row on the server."""
    with db() as session:
        return devices.get_device(session=session, token=at.session_state[KIOSK_KEY])


def keys(at: AppTest) -> list[str]:
    """The keys of every button on the screen."""
    return [b.key for b in at.button]


def test_idle_first_warns_with_a_countdown_and_i_am_still_here_keeps_everything(
    db: sessionmaker[Session], kiosk: AppTest
) -> None:
    at = answer_first_questions(kiosk)
    widget(at, "text_area", "could_be_better").input(UNSENT).run()
    assert "kiosk_still_here" not in keys(at)
    backdate(db, at, last_activity=10_000)  # long without a touch, but never warned
    at.run()
    assert not at.exception
    assert "kiosk_still_here" in keys(at)
    assert any(
        "Are you still there?" in h.proto.body and "feedback-countdown" in h.proto.body
        for h in at.get("html")
    )
    assert at.session_state["kiosk_respondent"].answers["worked_well"] == SECRET
    assert device_of(db, at).warned_at is not None
    at.button(key="kiosk_still_here").click().run()
    assert "kiosk_still_here" not in keys(at)
    assert device_of(db, at).warned_at is None
    assert widget(at, "text_area", "could_be_better").value == UNSENT


def test_a_timeout_leaves_nothing_of_the_previous_answers(db: sessionmaker[Session], kiosk: AppTest) -> None:
    at = answer_first_questions(kiosk)
    widget(at, "text_area", "could_be_better").input(UNSENT)  # typed but not sent: on screen only
    at.run()
    backdate(db, at, last_activity=10_000)
    at.run()  # the warning
    backdate(db, at, last_activity=10_000, warned_at=31)  # the warning's 30 seconds are over
    at.run()
    assert not at.exception
    assert at.session_state["kiosk_respondent"].answers == {}
    stored = device_of(db, at)
    assert (stored.answers, stored.drafts, stored.screen) == ({}, {}, "privacy")
    assert at.button(key="kq_1_yes") is not None
    tap(at, "yes")
    screens = []
    for index in range(4):  # every screen the previous respondent had filled in
        screens.append(page_text(at))
        if index == 0:
            assert widget(at, "radio", "stakeholder_group").value is None
        if index == 1:
            assert all(b.proto.type != "primary" for b in at.button if "_face_" in b.key)
        if index == 2:
            assert widget(at, "text_area", "worked_well").value == ""
        if index == 3:
            assert widget(at, "text_area", "could_be_better").value == ""
        tap(at, "next", str(index))
    assert all(SECRET not in s and UNSENT not in s and "You chose" not in s for s in screens)


def test_no_thanks_shows_a_polite_screen_then_resets(db: sessionmaker[Session], kiosk: AppTest) -> None:
    at = tap(kiosk, "no")
    assert "hand the tablet back" in page_text(at)
    tap(at, "finish")
    assert at.button(key="kq_1_yes") is not None
    with db() as session:
        assert session.scalars(select(Submission)).all() == []


def test_a_long_text_answer_is_refused_and_kept(kiosk: AppTest) -> None:
    at = tap(kiosk, "yes")
    tap(at, "next", "0")
    tap(at, "next", "1")
    long_text = "word " * 500
    widget(at, "text_area", "worked_well").input(long_text)
    tap(at, "next", "2")
    assert "The most is 2,000" in at.error[0].value
    assert widget(at, "text_area", "worked_well").value == long_text
    assert "Question 3 of 10" in page_text(at)


def test_a_database_error_keeps_the_answers_and_try_again_sends_them(
    db: sessionmaker[Session], kiosk: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = responses.submit_survey_response

    def broken(**_kwargs: object) -> None:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(responses, "submit_survey_response", broken)
    at = finish_survey(answer_first_questions(kiosk))
    assert not at.exception
    assert "could not send your answers" in at.error[0].value
    assert at.session_state["kiosk_respondent"].answers["worked_well"] == SECRET
    monkeypatch.setattr(responses, "submit_survey_response", real)
    tap(at, "retry")
    assert not at.exception
    with db() as session:
        assert len(session.scalars(select(Submission)).all()) == 1
    assert "Thank you" in page_text(at)


@pytest.mark.parametrize(
    ("pin", "unlocked"), [("000000", False), ("555777", False), ("", False), ("111333", True)]
)
def test_only_the_pin_of_the_staff_member_who_started_it_unlocks(
    kiosk: AppTest, pin: str, unlocked: bool
) -> None:
    at = kiosk.button(key="kiosk_staff").click().run()
    at.text_input(key="kiosk_pin").input(pin)
    at.button(key="kiosk_unlock").click().run()
    assert not at.exception
    assert (KIOSK_KEY not in at.session_state) == unlocked
    if unlocked:
        assert [t.value for t in at.title] == ["Activities"]
    else:
        assert "That PIN is not right" in at.error[0].value
        assert at.button(key="kq_0_yes") is not None
