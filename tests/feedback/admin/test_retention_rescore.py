"""Retention then re-score on both databases, with a frozen clock: nothing a person gave or decided is lost."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from feedback.admin import retention
from feedback.admin.retention import count_expired_text, purge_expired_text
from feedback.capture.rescore import rescore_all
from feedback.capture.submissions import save_card
from feedback.db import transaction
from feedback.fixtures import ADMIN, card, make_activity, make_comment
from feedback.models import Comment, SafeguardingAlert, Submission
from feedback.review.alerts import review_alert
from feedback.review.coding import code_comment

FROZEN = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
OLD = FROZEN - dt.timedelta(days=800)
RECENT = FROZEN - dt.timedelta(days=10)
TEXTS = {
    "flag": "I want to kill myself, my worker Jim Smith knows",
    "flag_reviewed": "He hits me when I get home, I am scared",
    "coded": "My worker helped me find a flat, call 07700 900123",
    "plain": "Kind staff at the hub",
}


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Stop the retention clock at FROZEN."""
    monkeypatch.setattr(retention, "utcnow", lambda: FROZEN)
    return FROZEN


def snapshot(factory: sessionmaker[Session]) -> dict[str, tuple]:
    """Per comment (by its key): redacted text, flag, human sentiment, themes with their decisions."""
    with factory() as session:
        comments = session.scalars(select(Comment).options(selectinload(Comment.themes))).all()
        alerts = session.scalars(select(SafeguardingAlert)).all()
        return {
            c.question: (
                c.redacted_text,
                c.safeguarding,
                c.human_sentiment,
                sorted((t.theme_id, t.source, t.confirmed, t.rejected) for t in c.themes),
                sorted((a.reason, a.outcome or "open") for a in alerts if a.comment_id == c.id),
            )
            for c in comments
        }


def store_cards(factory: sessionmaker[Session]) -> None:
    """Old cards (flagged, reviewed, coded, plain) analysed for real, and one recent card."""
    with transaction(factory) as session:
        activity = make_activity(session)
        for key, text in {**TEXTS, "recent": "Answer the phone quicker"}.items():
            stored = save_card(session=session, card=card(activity.id, text=text), user_id=None)
            stored.created_at = RECENT if key == "recent" else OLD
            stored.comments[0].question = key  # a handle for the assertions
        session.flush()
        comments = {c.question: c for c in session.scalars(select(Comment))}
        code_comment(
            session=session,
            comment_id=comments["coded"].id,
            viewer=ADMIN,
            sentiment="negative",
            theme_ids=["money", "staff"],
        )
        assert comments["flag_reviewed"].safeguarding, "the example must be flagged by the analysis"
        alert_id = session.scalar(
            select(SafeguardingAlert.id).where(SafeguardingAlert.comment_id == comments["flag_reviewed"].id)
        )
        review_alert(
            session=session, alert_id=alert_id, viewer=ADMIN, outcome="spoke_to_person", note="Passed on"
        )


def test_retention_then_rescore_keeps_redacted_text_themes_and_flags(
    factory: sessionmaker[Session], frozen: dt.datetime
) -> None:
    store_cards(factory)
    before = snapshot(factory)
    assert before["flag"][1] and "[NAME]" in before["flag"][0]
    with transaction(factory) as session:
        assert count_expired_text(session=session, retention_days=730) == 4
        assert purge_expired_text(session=session, retention_days=730) == 4
    with factory() as session:
        raw = dict(session.execute(select(Comment.question, Comment.text)).all())
    assert raw == {**dict.fromkeys(TEXTS), "recent": "Answer the phone quicker"}
    assert snapshot(factory) == before  # the purge blanks the raw text only
    assert rescore_all(factory=factory, batch_size=2) == 5
    assert snapshot(factory) == before  # the re-score changes none of it
    with factory() as session:
        versions = set(session.scalars(select(Comment.analysis_version)))
    assert len(versions) == 1 and None not in versions


def test_the_frozen_clock_decides_what_expires(factory: sessionmaker[Session], frozen: dt.datetime) -> None:
    with transaction(factory) as session:
        make_comment(session, text="Just inside", created_at=frozen - dt.timedelta(days=729, hours=23))
        make_comment(session, text="Just outside", created_at=frozen - dt.timedelta(days=730, minutes=1))
    with transaction(factory) as session:
        assert purge_expired_text(session=session, retention_days=730) == 1
    with factory() as session:
        assert set(session.scalars(select(Comment.text))) == {"Just inside", None}


def test_rescore_never_clears_a_flag_and_may_add_one(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        awaiting = make_comment(session, text="Kind staff", safeguarding=True).id
        new_risk = make_comment(session, text="I want to kill myself", safeguarding=False).id
    rescore_all(factory=factory)
    with factory() as session:
        assert session.get(Comment, awaiting).safeguarding is True
        assert session.get(Comment, new_risk).safeguarding is True


def test_rescore_of_purged_text_uses_the_redacted_text_and_keeps_it(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        purged = make_comment(session, text="x", redacted="[NAME] found me a flat", themes=()).id
        empty = make_comment(session, text="y", redacted="", themes=("access",)).id
        session.flush()
        for comment in session.scalars(select(Comment)):
            comment.text = None
            comment.analysis_version = "old"
    rescore_all(factory=factory)
    with factory() as session:
        first = session.get(Comment, purged)
        assert first.redacted_text == "[NAME] found me a flat"
        assert "housing" in {t.theme_id for t in first.themes} and first.analysis_version != "old"
        second = session.get(Comment, empty)  # nothing to analyse: left exactly as it was
        assert second.analysis_version == "old" and [t.theme_id for t in second.themes] == ["access"]
        assert session.get(Submission, second.submission_id) is not None
