"""The summary cubes stay exact through random sequences of real writes, on both databases."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from feedback.admin.erasure import ERASURE_REASONS, erase_submission, find_submission
from feedback.admin.retention import purge_expired_text
from feedback.capture.activities import update_activity
from feedback.capture.rescore import rescore_all
from feedback.capture.submissions import undo_card
from feedback.filters import ReviewFilter
from feedback.fixtures import ADMIN, CLYDESDALE, HAMILTON, activity_input, make_activity, make_comment
from feedback.models import Activity, Comment, Partner, Submission
from feedback.review.coding import code_comment
from feedback.review.first_read import clear_flag, flag_comment
from feedback.summaries.store import data_version, rebuild
from tests.feedback.summaries.summary_checks import check_overviews, recount, stored

LOCALITIES = (HAMILTON, CLYDESDALE, "east_kilbride_strathaven")
THEMES = ("housing", "staff", "access", "money")
# Around the clock change of 30 March 2025 and at day edges in GMT and BST.
MOMENTS = (
    dt.datetime(2025, 3, 29, 23, 30, tzinfo=dt.UTC),
    dt.datetime(2025, 3, 30, 0, 30, tzinfo=dt.UTC),
    dt.datetime(2025, 6, 30, 23, 10, tzinfo=dt.UTC),
    dt.datetime(2025, 7, 1, 11, tzinfo=dt.UTC),
    dt.datetime(2025, 10, 26, 0, 30, tzinfo=dt.UTC),
    dt.datetime(2026, 1, 31, 23, 59, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 12, 11, tzinfo=dt.UTC),
)
FILTERS = (
    ReviewFilter(),
    ReviewFilter(start=dt.date(2025, 3, 30), end=dt.date(2026, 2, 14)),
    ReviewFilter(start=dt.date(2025, 4, 1), end=dt.date(2026, 3, 31), localities=(HAMILTON,)),
    ReviewFilter(start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31), channels=("kiosk",)),
    ReviewFilter(kinds=("community_event",), stakeholder_groups=("families",)),
    ReviewFilter(survey_keys=("your_view_counts",), end=dt.date(2025, 12, 31)),
)


def _new_comment(session: Session, rng: random.Random, activities: list[int]) -> None:
    kiosk = rng.random() < 0.35
    make_comment(
        session,
        text=rng.choice(("Answer the phone quicker", "Staff were kind", "Help with housing please")),
        locality=rng.choice(LOCALITIES),
        question_type=rng.choice(("working_well", "could_improve", "general")),
        sentiment=rng.choice(("positive", "neutral", "negative", None)),
        themes=tuple(rng.sample(THEMES, k=rng.randint(0, 2))),
        safeguarding=rng.random() < 0.15,
        stakeholder_group=rng.choice(("people_with_convictions", "families")),
        created_at=rng.choice(MOMENTS),
        activity_id=rng.choice(activities),
        rating=rng.choice(("1", "3", "5", "dont_know")) if kiosk else None,
        channel="kiosk" if kiosk else "staff_card",
    )


def _pick(session: Session, rng: random.Random, model: type, *where) -> object | None:
    rows = session.scalars(select(model).where(*where).order_by(model.id)).all()
    return rng.choice(rows) if rows else None


def _code(session: Session, rng: random.Random) -> None:
    comment = _pick(session, rng, Comment)
    if comment is not None:
        themes = rng.sample(THEMES, k=rng.randint(0, 3)) if rng.random() < 0.7 else None
        sentiment = rng.choice(("positive", "neutral", "negative", None))
        code_comment(
            session=session, comment_id=comment.id, viewer=ADMIN, sentiment=sentiment, theme_ids=themes
        )


def _flag(session: Session, rng: random.Random) -> None:
    comment = _pick(session, rng, Comment)
    if comment is None:
        return
    if comment.safeguarding:
        clear_flag(session=session, comment_id=comment.id, viewer=ADMIN, reason="A figure of speech")
    else:
        flag_comment(session=session, comment_id=comment.id, viewer=ADMIN)


def _erase(session: Session, rng: random.Random) -> None:
    sub = _pick(session, rng, Submission)
    if sub is not None:
        erase_submission(
            session=session, viewer=ADMIN, submission_id=sub.id, reason=next(iter(ERASURE_REASONS))
        )


def _withdraw(session: Session, rng: random.Random) -> None:
    sub = _pick(session, rng, Submission, Submission.receipt_code.is_not(None))
    if sub is not None:
        found = find_submission(session=session, viewer=ADMIN, receipt_code=sub.receipt_code)
        assert found is not None
        erase_submission(
            session=session,
            viewer=ADMIN,
            submission_id=found.submission_id,
            reason=next(iter(ERASURE_REASONS)),
        )


def _undo(session: Session, rng: random.Random) -> None:
    sub = _pick(session, rng, Submission, Submission.channel == "staff_card")
    if sub is not None:
        sub.created_by = None
        sub.created_at = dt.datetime.now(dt.UTC)
        undo_card(session=session, submission_id=sub.id, user_id=None, within_seconds=600)


def _edit_activity(session: Session, rng: random.Random) -> None:
    activity = _pick(session, rng, Activity)
    partner = session.scalars(select(Partner.id).order_by(Partner.id)).first()
    data = activity_input(
        kind=rng.choice(("listen_event", "community_event", "womens_hub_visit")),
        locality=activity.locality,
        title=activity.title,
        lead_partner_id=partner,
        start_date=activity.start_date,
    )
    update_activity(session=session, activity_id=activity.id, data=data, viewer=ADMIN)


def _purge(session: Session, rng: random.Random) -> None:
    purge_expired_text(session=session, retention_days=rng.choice((30, 400)))


STEPS = (_code, _flag, _erase, _withdraw, _undo, _edit_activity, _purge)


@pytest.mark.parametrize("seed", [1, 2])
def test_random_writes_keep_the_summaries_exact(
    engine: Engine, factory: sessionmaker[Session], seed: int
) -> None:
    rng = random.Random(seed)
    with factory() as session:
        activities = [
            make_activity(session, locality=loc, kind="listen_event", title=f"A {loc}").id
            for loc in LOCALITIES
        ]
        session.commit()
    versions = []
    for step in range(40):
        with factory() as session:
            if step < 12 or rng.random() < 0.4:
                _new_comment(session, rng, activities)
            else:
                rng.choice(STEPS)(session, rng)
            if rng.random() < 0.1:
                session.rollback()  # an abandoned write leaves the summaries as they were
            else:
                session.commit()
            versions.append(data_version(session.connection()))
        assert stored(engine) == recount(engine), f"after step {step}"
    assert versions == sorted(versions) and versions[-1] > versions[0]
    rescore_all(factory=factory, batch_size=7)
    assert stored(engine) == recount(engine)
    with factory() as session:
        for filters in FILTERS:
            check_overviews(session, filters)
    before = stored(engine)
    with engine.begin() as conn:
        rebuild(conn)
    assert stored(engine) == before


def test_bulk_writes_that_would_skip_the_summaries_are_refused(session: Session) -> None:
    make_comment(session)
    session.commit()
    with pytest.raises(RuntimeError, match="summaries"):
        session.execute(update(Comment).values(sentiment="positive"))
    session.rollback()
    version = data_version(session.connection())
    session.execute(update(Comment).values(text=None).execution_options(summaries="unchanged"))
    session.commit()
    assert data_version(session.connection()) == version + 1


def test_a_write_in_a_savepoint_that_rolls_back_leaves_the_summaries_alone(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    with factory() as session:
        make_comment(session, text="Kept")
        nested = session.begin_nested()
        make_comment(session, text="Rolled back with its savepoint")
        session.flush()
        nested.rollback()
        session.commit()
    assert stored(engine) == recount(engine)
    assert sum(records for records, _key in stored(engine)["summary_comment_day"].values()) == 1


def test_a_session_closed_without_commit_leaves_nothing_for_its_next_transaction(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    session = factory()
    make_comment(session, text="Never saved")
    session.flush()
    session.close()  # rolled back by closing, not by a rollback() call
    make_comment(session, text="Saved")
    session.commit()
    session.close()
    assert stored(engine) == recount(engine)
    assert sum(records for records, _key in stored(engine)["summary_comment_day"].values()) == 1
