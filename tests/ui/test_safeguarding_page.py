"""AppTest: alerts reach the right people (banner and list) and a review records the outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.admin.auth import create_user
from feedback.capture.submissions import save_card
from feedback.db import transaction
from feedback.fixtures import CLYDESDALE, HAMILTON, card, make_activity, make_comment
from feedback.models import Comment, SafeguardingAlert, User

PAGE = "ui/safeguarding.py"
DISCLOSURE = "He said he'll batter me if I tell anyone, I'm frightened to go back"


def _flagged(db: sessionmaker[Session], locality: str = HAMILTON) -> int:
    """A flagged comment's alert id."""
    with transaction(db) as session:
        comment = make_comment(
            session, text="Jim hurts me", redacted="[NAME] hurts me", safeguarding=True, locality=locality
        )
        return session.scalar(select(SafeguardingAlert.id).where(SafeguardingAlert.comment_id == comment.id))


def _lead(db: sessionmaker[Session], locality: str = HAMILTON, username: str = "lead") -> None:
    with transaction(db) as session:
        create_user(
            session=session,
            username=username,
            display_name="Lead",
            role="locality_lead",
            pin="222444",
            locality=locality,
        )


def test_admin_records_a_review_from_the_fixed_list(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    alert_id = _flagged(db)
    at = open_page(PAGE, username="admin")
    assert not at.exception
    texts = " ".join(t.value for t in at.text)
    assert "[NAME] hurts me" in texts and "Jim" not in texts and "Receipt code" in texts
    at.radio(key=f"outcome_{alert_id}").set_value("referred")
    at.button(key=f"reviewed_{alert_id}").click().run()
    assert not at.exception
    assert any("Name the service" in e.value for e in at.error)  # the summary, nothing stored
    at.text_input(key=f"service_{alert_id}").input("Duty social worker")
    at.button(key=f"reviewed_{alert_id}").click().run()
    assert "Review recorded." in [s.value for s in at.success]
    with db() as session:
        stored = session.get(SafeguardingAlert, alert_id)
        assert (stored.outcome, stored.referred_to) == ("referred", "Duty social worker")
        assert stored.reviewed_by is not None


def test_lead_sees_only_own_locality(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    _lead(db)
    mine = _flagged(db)
    theirs = _flagged(db, CLYDESDALE)
    at = open_page(PAGE, username="lead")
    assert not at.exception
    keys = {b.key for b in at.button}
    assert f"reviewed_{mine}" in keys and f"reviewed_{theirs}" not in keys


def test_the_recorder_gets_a_banner_and_another_localitys_lead_does_not(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    _lead(db, CLYDESDALE, "far.lead")
    _lead(db, HAMILTON, "near.lead")
    with transaction(db) as session:
        staff_id = session.scalar(select(User.id).where(User.username == "staff"))
        activity = make_activity(session, locality=HAMILTON)
        saved = save_card(session=session, card=card(activity.id, text=DISCLOSURE), user_id=staff_id)
        assert saved.comments[0].safeguarding
    for username, expected in (
        ("staff", True),
        ("near.lead", True),
        ("far.lead", False),
        ("other.staff", False),
    ):
        at = open_page("ui/activities.py", username=username)
        assert not at.exception
        banner = any("safeguarding alert" in e.value for e in at.error)
        assert banner is expected, username
    at = open_page(PAGE, username="staff")
    assert "He said" in " ".join(t.value for t in at.text)


@pytest.mark.parametrize("username", ["reviewer"])
def test_reviewers_are_not_offered_it(
    db: sessionmaker[Session], open_page: Callable[..., AppTest], username: str
) -> None:
    _flagged(db)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page(PAGE, username=username)


def test_reading_queue_flags_what_the_detectors_missed(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    _lead(db)
    with transaction(db) as session:
        quiet = make_comment(session, text="Nobody would miss me if I was gone", themes=()).id
        calm = make_comment(session, text="The hall was warm", themes=()).id
    at = open_page("ui/reading.py", username="lead")
    assert not at.exception
    assert [m.value for m in at.metric][:1] == ["2"]
    at.button(key=f"flag_{quiet}").click().run()
    assert not at.exception
    at.button(key=f"read_{calm}").click().run()
    with db() as session:
        assert session.get(Comment, quiet).safeguarding is True
        assert session.get(Comment, calm).read_at is not None
        assert session.scalar(
            select(SafeguardingAlert.raised_by).where(SafeguardingAlert.comment_id == quiet)
        )


def test_overdue_reading_shows_on_the_overview_and_the_start_page(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    _lead(db)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
    with transaction(db) as session:
        make_comment(session, text="Waiting a long time", themes=(), created_at=old)
        make_comment(session, text="Just in", themes=(), created_at=dt.datetime.now(dt.UTC))
    for page in ("ui/overview.py", "ui/activities.py"):
        at = open_page(page, username="lead")
        assert not at.exception
        assert any("1 comment is overdue for a first read (2 waiting)" in w.value for w in at.warning), page
    at = open_page("ui/activities.py", username="staff")  # staff do not read the queue
    assert not any("overdue" in w.value for w in at.warning)
