"""Known review rows for the page tests: a signed-in app on a fresh SQLite file, and its data."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from feedback.db import make_engine, make_session_factory, transaction
from feedback.migrations import migrate
from feedback.models import Action, Answer, Comment, CommentTheme, Submission, Survey
from feedback.settings import get_settings
from tests.factories import make_activity, make_user
from ui.state import USER_KEY, SignedInUser

BIG = "hamilton_blantyre_larkhall"
SMALL = "clydesdale"  # 3 comments only: every figure about it must read [c]
SENTIMENTS = ("positive",) * 14 + ("negative",) * 12 + ("neutral",) * 10


def add_comment(
    session: Session,
    *,
    activity_id: int,
    locality: str,
    sentiment: str,
    text: str,
    question_type: str = "could_improve",
    themes: tuple[str, ...] = (),
    safeguarding: bool = False,
    rating: str | None = None,
    when: dt.datetime | None = None,
) -> Comment:
    """One comment with its submission, analysis already stored (no pipeline needed)."""
    comment = Comment(
        question="card",
        question_type=question_type,
        text=text,
        redacted_text=text,
        sentiment=sentiment,
        sentiment_score=0.0,
        safeguarding=safeguarding,
    )
    comment.themes = [CommentTheme(theme_id=t, source="rule") for t in themes]
    channel = "kiosk" if rating else "staff_card"
    survey_id = session.scalar(select(Survey.id).where(Survey.key == "your_view_counts")) if rating else None
    submission = Submission(
        id=str(uuid.uuid4()),
        channel=channel,
        activity_id=activity_id,
        locality=locality,
        stakeholder_group="people_with_convictions",
        survey_id=survey_id,
        comments=[comment],
        answers=[Answer(question="overall", choice=rating)] if rating else [],
        created_at=when or dt.datetime.now(dt.UTC),
    )
    session.add(submission)
    return comment


def seed_review(session: Session, *, today: dt.date | None = None) -> dict[str, int]:
    """Hamilton: 36 comments with themes and ratings; Clydesdale: 3; one action; return ids."""
    today = today or dt.date.today()
    big = make_activity(
        session,
        locality=BIG,
        start_date=today,
        title="LISTEN event, Hamilton",
        attendance={"people_with_convictions": 25, "families": 12},
        outcomes="Partners agreed a plain-English letter.",
    )
    small = make_activity(
        session,
        locality=SMALL,
        start_date=today,
        title="Hub visit, Lanark",
        kind="womens_hub_visit",
        attendance={"people_with_convictions": 4},
    )
    for i, sentiment in enumerate(SENTIMENTS):
        add_comment(
            session,
            activity_id=big.id,
            locality=BIG,
            sentiment=sentiment,
            text=f"Comment {i} about housing",
            themes=("housing",) if i % 3 else ("housing", "staff"),
            question_type="working_well" if sentiment == "positive" else "could_improve",
            rating=str(1 + i % 2) if i < 24 else None,
        )
    for i in range(3):
        add_comment(
            session,
            activity_id=small.id,
            locality=SMALL,
            sentiment="negative",
            text=f"Small {i}",
            themes=("housing",),
        )
    add_comment(
        session,
        activity_id=big.id,
        locality=BIG,
        sentiment="negative",
        safeguarding=True,
        text='=HYPERLINK("http://x")',
    )
    add_comment(
        session,
        activity_id=big.id,
        locality=BIG,
        sentiment="neutral",
        text='=HYPERLINK("http://evil.example","click")',
    )
    session.add(
        Action(
            heard="Letters are hard to read",
            will_do="Rewrite the letters",
            locality=BIG,
            activity_id=big.id,
            status="in_progress",
            we_did="Letters rewritten with service users",
        )
    )
    session.flush()
    return {"big": big.id, "small": small.id}


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    """A migrated SQLite file the app under test opens through FEEDBACK_DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("FEEDBACK_DATABASE_URL", url)
    get_settings.cache_clear()
    engine = make_engine(url)
    migrate(engine, get_settings())
    yield make_session_factory(engine)
    engine.dispose()
    get_settings.cache_clear()


@pytest.fixture
def seeded(app_db: sessionmaker[Session]) -> sessionmaker[Session]:
    """The app database with the known review rows."""
    with transaction(app_db) as session:
        seed_review(session)
    return app_db


def signed_in(app_db: sessionmaker[Session], role: str, locality: str | None = None) -> SignedInUser:
    """A stored user of the role, as the session state holds them."""
    if role == "locality_lead" and locality is None:
        locality = BIG
    with transaction(app_db) as session:
        user = make_user(session, username=f"{role}.user", role=role, locality=locality)
        return SignedInUser(user.id, user.username, user.display_name, user.role, user.locality)


def sign_in_state(at: object, user: SignedInUser) -> None:
    """Put the signed-in user into an AppTest's session state."""
    at.session_state[USER_KEY] = user  # type: ignore[attr-defined]
