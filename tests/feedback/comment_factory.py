"""Stored comments with a known analysis, made without running the pipeline (for review tests)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from feedback.access import Viewer
from feedback.models import Comment, CommentTheme, Submission

HAMILTON = "hamilton_blantyre_larkhall"
CLYDESDALE = "clydesdale"
ADMIN = Viewer(user_id=None, role="admin")


def make_comment(
    session: Session,
    *,
    text: str = "Answer the phone quicker",
    redacted: str | None = None,
    locality: str = HAMILTON,
    question_type: str = "could_improve",
    sentiment: str | None = "negative",
    themes: Sequence[str] = ("access",),
    safeguarding: bool = False,
    quote_permission: bool = True,
    channel: str = "staff_card",
    stakeholder_group: str = "people_with_convictions",
    created_at: dt.datetime | None = None,
    activity_id: int | None = None,
    survey_id: int | None = None,
) -> Comment:
    """A submission with one comment, its stored sentiment and rule themes."""
    submission = Submission(
        id=str(uuid.uuid4()),
        channel=channel,
        activity_id=activity_id,
        survey_id=survey_id,
        locality=locality,
        stakeholder_group=stakeholder_group,
        consent=True,
        quote_permission=quote_permission,
        created_at=created_at or dt.datetime(2026, 3, 12, 11, tzinfo=dt.UTC),
    )
    comment = Comment(
        question="card",
        question_type=question_type,
        text=text,
        redacted_text=text if redacted is None else redacted,
        sentiment=sentiment,
        sentiment_score={"positive": 0.6, "negative": -0.6}.get(sentiment or "", 0.0),
        safeguarding=safeguarding,
        analysis_version="test",
        themes=[CommentTheme(theme_id=t, source="rule", evidence=[t]) for t in themes],
    )
    submission.comments.append(comment)
    session.add(submission)
    session.flush()
    return comment


def lead(user_id: int | None = None, locality: str = HAMILTON) -> Viewer:
    """A locality lead's view."""
    return Viewer(user_id=user_id, role="locality_lead", locality=locality)
