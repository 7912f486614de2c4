"""AppTest: how a kiosk survey ends when nothing, or nothing written, was given; notes are not numbered."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.models import Submission
from tests.ui.test_kiosk import page_text, tap, widget
from ui import kiosk_flow as flow

LAST = 10  # Your View Counts: 11 screens, one of them a note


def _submissions(db: sessionmaker[Session]) -> int:
    with db() as session:
        return session.scalar(select(func.count()).select_from(Submission))


def _skip_to_the_end(at: AppTest, start: int = 0) -> AppTest:
    for index in range(start, LAST + 1):
        tap(at, "next" if index == 6 else "skip", str(index))  # screen 6 is the note
    return at


def test_a_note_is_not_counted_as_a_question(kiosk: AppTest) -> None:
    at = tap(kiosk, "yes")
    assert "Question 1 of 10" in page_text(at)
    for index in range(6):
        tap(at, "skip", str(index))
    assert "The next questions help us check" in page_text(at)
    assert "Question" not in " ".join(m.value for m in at.markdown if "kiosk-progress" in m.value)
    tap(at, "next", "6")
    assert "Question 7 of 10" in page_text(at)


def test_skipping_everything_stores_nothing_and_says_so(db: sessionmaker[Session], kiosk: AppTest) -> None:
    at = _skip_to_the_end(tap(kiosk, "yes"))
    assert not at.exception
    assert at.session_state["kiosk_respondent"].screen == flow.NOTHING
    text = page_text(at)
    assert "nothing was saved" in text and "Thank you" in text
    assert "Can we use your words?" not in text
    assert _submissions(db) == 0


def test_answers_without_words_are_sent_without_the_quote_question(
    db: sessionmaker[Session], kiosk: AppTest
) -> None:
    at = tap(kiosk, "yes")
    widget(at, "radio", "stakeholder_group").set_value("families")
    tap(at, "next", "0")
    at = _skip_to_the_end(at, start=1)
    assert not at.exception
    assert "Can we use your words?" not in page_text(at)
    assert "Your answers have been sent." in page_text(at)
    with db() as session:
        stored = session.scalars(select(Submission)).one()
        assert (stored.stakeholder_group, stored.quote_permission) == ("families", False)
