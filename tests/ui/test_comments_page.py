"""AppTest: leads and admins explore comments, code them one by one and in bulk, and approve quotes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.admin.auth import create_user
from feedback.db import transaction
from feedback.fixtures import CLYDESDALE, HAMILTON, make_comment
from feedback.models import AuditEvent, Comment, CommentTheme

PAGE = "ui/comments.py"
TODAY = dt.datetime.now(dt.UTC)


def _comment(db: sessionmaker[Session], **kw: object) -> int:
    with transaction(db) as session:
        return make_comment(session, created_at=TODAY, **kw).id  # type: ignore[arg-type]


def _texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def test_admin_codes_a_comment(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    comment_id = _comment(db, text="Call Jim about the phone", redacted="Call [NAME] about the phone")
    at = open_page(PAGE, username="admin")
    assert not at.exception
    assert "Call [NAME] about the phone" in _texts(at) and "Jim" not in " ".join(_texts(at))
    at.radio(key=f"sent_{comment_id}").set_value("positive")
    at.multiselect(key=f"themes_{comment_id}").set_value(["access", "staff"])
    at.button(key=f"save_{comment_id}").click().run()
    assert not at.exception
    with db() as session:
        comment = session.get(Comment, comment_id)
        links = {t.theme_id: t.confirmed for t in session.scalars(select(CommentTheme))}
    assert comment.human_sentiment == "positive" and comment.labelled_by is not None
    assert links == {"access": True, "staff": True}


def test_raw_text_only_when_asked(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    _comment(db, text="Call Jim", redacted="Call [NAME]")
    at = open_page(PAGE, username="admin")
    at.checkbox(key="cmt_raw").check().run()
    assert not at.exception
    assert "Call Jim" in _texts(at)


def test_search_and_sentiment_filters(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    _comment(db, text="The phone rings out", sentiment="negative")
    _comment(db, text="My worker was great", sentiment="positive", themes=("staff",))
    at = open_page(PAGE, username="admin")
    at.text_input(key="cmt_search").input("WORKER").run()
    assert not at.exception
    assert _texts(at) == ["My worker was great"]
    at.text_input(key="cmt_search").input("").run()
    at.multiselect(key="cmt_sentiments").set_value(["negative"]).run()
    assert _texts(at) == ["The phone rings out"]


def test_bulk_coding_and_selection_for_an_action(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    ids = [_comment(db, text=f"comment {i}") for i in range(3)]
    at = open_page(PAGE, username="admin")
    for comment_id in ids[:2]:
        at.checkbox(key=f"sel_{comment_id}").check()
    at.selectbox(key="bulk_sentiment").set_value("neutral")
    at.multiselect(key="bulk_add").set_value(["housing"])
    at.button(key="bulk_apply").click().run()
    assert not at.exception
    with db() as session:
        labels = {c.id: c.human_sentiment for c in session.scalars(select(Comment))}
    assert labels == {ids[0]: "neutral", ids[1]: "neutral", ids[2]: None}
    at.button(key="bulk_action").click().run()
    assert sorted(at.session_state["action_comment_ids"]) == sorted(ids[:2])


@pytest.mark.parametrize(
    ("overrides", "button"),
    [({}, True), ({"quote_permission": False}, False), ({"safeguarding": True}, False)],
)
def test_quote_approval_only_when_allowed(
    db: sessionmaker[Session], open_page: Callable[..., AppTest], overrides: dict, button: bool
) -> None:
    comment_id = _comment(db, **overrides)
    at = open_page(PAGE, username="admin")
    assert not at.exception
    keys = {b.key for b in at.button}
    assert (f"quote_{comment_id}" in keys) is button
    if button:
        at.button(key=f"quote_{comment_id}").click().run()
        with db() as session:
            assert session.get(Comment, comment_id).quote_approved is True
        assert at.button(key=f"quote_{comment_id}").label == "Withdraw quote"


def test_lead_sees_only_own_locality(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    with transaction(db) as session:
        create_user(
            session=session,
            username="lead",
            display_name="Lead",
            role="locality_lead",
            pin="222444",
            locality=HAMILTON,
        )
    mine = _comment(db, text="mine")
    _comment(db, text="theirs", locality=CLYDESDALE)
    at = open_page(PAGE, username="lead")
    assert not at.exception
    assert _texts(at) == ["mine"]
    at.button(key="labels_prepare").click().run()
    assert not at.exception
    assert f"sel_{mine}" in {c.key for c in at.checkbox}


def test_reviewers_are_not_offered_it(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page(PAGE, username="reviewer")


def test_admin_erases_a_card_from_the_list_after_ticking_the_box(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    keep = _comment(db, text="Keep this one")
    gone = _comment(db, text="Erase this one")
    at = open_page(PAGE, username="admin")
    at.button(key=f"erase_{gone}_go").click().run()
    assert not at.exception
    assert any("Tick the box" in e.value for e in at.error)
    at.checkbox(key=f"erase_ok_{gone}").check()
    at.radio(key=f"erase_{gone}_reason").set_value("subject_request")
    at.button(key=f"erase_{gone}_go").click().run()
    assert not at.exception
    assert any("Erased the feedback card for good" in s.value for s in at.success)
    with db() as session:
        assert list(session.scalars(select(Comment.id))) == [keep]
        event = session.scalars(select(AuditEvent).where(AuditEvent.event == "submission.erase")).one()
    assert event.detail["reason"] == "subject_request" and event.user_id is not None
    assert "Erase this one" not in repr(event.detail) and "Erase this one" not in _texts(at)


def test_a_locality_lead_cannot_erase(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    with transaction(db) as session:
        create_user(
            session=session,
            username="lead",
            display_name="Lead",
            role="locality_lead",
            pin="2222",
            locality=HAMILTON,
        )
    comment_id = _comment(db, text="A comment")
    at = open_page(PAGE, username="lead")
    assert not at.exception
    assert any(b.key == f"save_{comment_id}" for b in at.button)  # the comment is on the page
    assert not any(b.key == f"erase_{comment_id}_go" for b in at.button)


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_next_and_previous_pages_walk_the_comments_in_order(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    with transaction(db) as session:
        for i in range(45):
            make_comment(session, text=f"card {i:02d}", created_at=TODAY - dt.timedelta(minutes=i))
    at = open_page(PAGE, username="admin")
    assert _texts(at)[:2] == ["card 00", "card 01"] and len(_texts(at)) == 20
    assert "45 comments match; page 1 of 3." in _captions(at)
    assert at.button(key="cmt_prev_top").disabled
    at.button(key="cmt_next_bottom").click().run()
    assert _texts(at)[0] == "card 20" and "page 2 of 3" in _captions(at)
    at.button(key="cmt_next_top").click().run()
    assert _texts(at) == [f"card {i}" for i in range(40, 45)] and at.button(key="cmt_next_top").disabled
    at.button(key="cmt_prev_top").click().run()
    assert _texts(at)[0] == "card 20"
    at.text_input(key="cmt_search").input("card 0").run()  # a new search starts at page 1
    assert _texts(at) == [f"card 0{i}" for i in range(10)] and "page 1 of 1" in _captions(at)


def test_a_large_count_is_shown_capped(
    db: sessionmaker[Session], open_page: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("feedback.review.comments.COUNT_CAP", 3)
    for i in range(5):
        _comment(db, text=f"card {i}")
    at = open_page(PAGE, username="admin")
    assert not at.exception
    assert "3+ comments match; page 1." in _captions(at)
