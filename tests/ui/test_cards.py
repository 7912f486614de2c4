"""AppTest: capture feedback cards with a running count, undo the last one, and store a card once."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from analysis.params import MAX_TEXT_LENGTH
from feedback.db import transaction
from feedback.fixtures import make_activity
from feedback.models import Comment, Submission
from ui.forms import card_keys

PAGE = "ui/cards.py"


def _activity(db: sessionmaker[Session]) -> int:
    with transaction(db) as session:
        return make_activity(session).id


def _fill(at: AppTest, text: str, prompt: str = "could_improve", group: str = "families") -> str:
    sid = at.session_state["card_submission_id"]
    keys = card_keys(sid)
    at.radio(key=keys["type"]).set_value(prompt)
    at.text_area(key=keys["text"]).input(text)
    at.selectbox(key=keys["group"]).set_value(group)
    at.checkbox(key=keys["quote"]).check()
    return sid


def _save(at: AppTest, sid: str) -> AppTest:
    return at.button(key=card_keys(sid)["save"]).click().run()


def _cards(db: sessionmaker[Session]) -> list[tuple[str, str, str, bool]]:
    with db() as session:
        rows = session.execute(
            select(
                Comment.question_type, Comment.text, Submission.stakeholder_group, Submission.quote_permission
            )
            .join(Submission)
            .order_by(Submission.created_at)
        )
        return [tuple(r) for r in rows]


def test_cards_are_saved_one_after_another_with_a_running_count(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    activity_id = _activity(db)
    at = open_page(PAGE, activity_id=activity_id)
    assert at.selectbox(key="cards_activity").value == activity_id
    assert at.metric[0].value == "0"
    texts = ["The staff listened to me.", "Answer the phone quicker.", "A drop-in on Saturdays."]
    for i, text in enumerate(texts, start=1):
        sid = _fill(at, text)
        _save(at, sid)
        assert not at.exception
        assert at.metric[0].value == str(i)
        assert at.session_state["card_submission_id"] != sid  # a new card, new id
        new_keys = card_keys(at.session_state["card_submission_id"])
        assert at.text_area(key=new_keys["text"]).value == ""  # cleared for the next card
        assert at.radio(key=new_keys["type"]).value is None
    assert [c[1] for c in _cards(db)] == texts
    assert all(c[2] == "families" and c[3] for c in _cards(db))


def test_the_last_card_can_be_undone(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    at = open_page(PAGE, activity_id=_activity(db))
    for text in ("First card.", "Second card."):
        _save(at, _fill(at, text))
    at.button(key="card_undo").click().run()
    assert not at.exception
    assert "The last card was removed." in [s.value for s in at.success]
    assert at.metric[0].value == "1"
    assert [c[1] for c in _cards(db)] == ["First card."]
    assert all(b.key != "card_undo" for b in at.button)  # only the card just saved can be undone


def test_the_same_card_sent_three_times_is_stored_once(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE, activity_id=_activity(db))
    sid = _fill(at, "Same words every time.")
    _save(at, sid)
    for _ in range(2):  # a retry or a reload sends the card shown with the same id again
        at.session_state["card_submission_id"] = sid
        at.run()
        _save(at, _fill(at, "Same words every time."))
        assert not at.exception
    assert len(_cards(db)) == 1
    assert at.metric[0].value == "1"
    assert all(card_keys(sid)["text"] != t.key for t in at.text_area)  # the stale form is gone


def test_a_too_long_card_is_refused_and_kept_in_the_box(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE, activity_id=_activity(db))
    text = "x" * (MAX_TEXT_LENGTH + 5)
    sid = _fill(at, text)
    _save(at, sid)
    assert not at.exception
    assert "2,005 characters; the most is 2,000" in at.error[0].value
    assert at.text_area(key=card_keys(sid)["text"]).value == text
    assert any("2,005 / 2,000 characters" in c.value for c in at.caption)
    assert _cards(db) == []


def test_undo_goes_away_when_its_time_is_over(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE, activity_id=_activity(db))
    _save(at, _fill(at, "A card saved a while ago."))
    assert at.button(key="card_undo").label == "Undo last card"
    last = at.session_state["card_last"]
    at.session_state["card_last"] = {**last, "at": last["at"] - 3600}
    at.run()
    assert all(b.key != "card_undo" for b in at.button)
    assert len(_cards(db)) == 1
