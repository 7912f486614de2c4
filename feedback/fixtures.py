"""Known rows made through the real services (analysis included), for tests, demo data and benchmarks.

A comment is saved as a feedback card (``save_card``) or, when it carries a rating, as a kiosk
response (``save_survey_response``), so it is validated, analysed and audited as in the app. What
a test needs fixed (sentiment, themes, a safeguarding flag, redacted text, the date) is then
stored with ``apply_analysis``, the function the save path itself uses.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.pipeline import CommentAnalysis
from analysis.themes import ThemeMatch
from feedback.access import LOCALITY_LEAD, SYSTEM, Viewer
from feedback.admin.auth import create_user
from feedback.capture.activities import create_activity
from feedback.capture.responses import SurveyResponse, save_survey_response
from feedback.capture.scoring import apply_analysis
from feedback.capture.submissions import save_card
from feedback.capture.surveys import parse_definition
from feedback.models import Action, Activity, Comment, Partner, SafeguardingAlert, Submission, Survey, User
from feedback.review.alerts import raise_alert
from feedback.validation import ActivityInput, CardInput

HAMILTON = "hamilton_blantyre_larkhall"
CLYDESDALE = "clydesdale"
BIG, SMALL = HAMILTON, CLYDESDALE  # the review data set: 36 comments in one locality, 3 in the other
SENTIMENTS = ("positive",) * 14 + ("negative",) * 12 + ("neutral",) * 10
ADMIN = SYSTEM
FIXTURE_TITLE = "Fixture activity"
SCORES = {"positive": 0.6, "negative": -0.6}


def make_user(
    session: Session,
    *,
    username: str = "sam",
    role: str = "staff",
    pin: str = "482613",
    locality: str | None = None,
) -> User:
    """A staff account, made by the real service."""
    return create_user(
        session=session,
        username=username,
        display_name=username.title(),
        role=role,
        pin=pin,
        locality=locality,
    )


def lead(user_id: int | None = None, locality: str = HAMILTON) -> Viewer:
    """A locality lead's view."""
    return Viewer(user_id=user_id, role=LOCALITY_LEAD, locality=locality)


def activity_input(**overrides: object) -> ActivityInput:
    """A valid LISTEN event in Hamilton, with any field overridden."""
    values: dict[str, object] = {
        "kind": "listen_event",
        "title": "LISTEN event, Hamilton",
        "locality": HAMILTON,
        "start_date": dt.date(2026, 3, 12),
        "venue": "Hamilton Townhouse",
        "attendance": {"people_with_convictions": 12, "families": "3"},
        "outcomes": "Partners agreed a plain-English letter.",
    }
    values.update(overrides)
    return ActivityInput(**values)  # type: ignore[arg-type]


def make_activity(session: Session, **overrides: object) -> Activity:
    """A stored activity led by the first partner, made by the real service."""
    partner = session.scalars(select(Partner).order_by(Partner.id)).first()
    data = activity_input(lead_partner_id=partner.id, partner_ids=(partner.id,), **overrides)
    return create_activity(session=session, data=data, user_id=None)


def card(activity_id: int, **overrides: object) -> CardInput:
    """A valid feedback card with a fresh submission id."""
    values: dict[str, object] = {
        "submission_id": str(uuid.uuid4()),
        "activity_id": activity_id,
        "question_type": "could_improve",
        "text": "Answer the phone quicker, I was on hold for ages.",
        "stakeholder_group": "people_with_convictions",
        "quote_permission": True,
    }
    values.update(overrides)
    return CardInput(**values)  # type: ignore[arg-type]


def survey(session: Session, key: str = "your_view_counts") -> Survey:
    """A stored survey by key."""
    return session.scalars(select(Survey).where(Survey.key == key)).one()


def fixture_activity(session: Session, locality: str, day: dt.date) -> Activity:
    """The activity comments of a locality are captured at when a test names none (made once)."""
    found = session.scalars(
        select(Activity).where(Activity.title == FIXTURE_TITLE, Activity.locality == locality)
    ).first()
    return found or make_activity(
        session, title=FIXTURE_TITLE, locality=locality, start_date=day, attendance={}
    )


def _kiosk_comment(
    session: Session,
    *,
    text: str,
    question_type: str,
    locality: str,
    group: str,
    rating: str,
    **context: object,
) -> Submission:
    chosen = survey(session)
    definition = parse_definition(chosen.definition, source=chosen.key)
    question = next(q for q in definition.questions if q.kind == "text" and q.comment_type == question_type)
    response = SurveyResponse(
        submission_id=str(uuid.uuid4()),
        survey_id=chosen.id,
        locality=locality,
        answers={question.name: text, "stakeholder_group": group, **({"overall": rating} if rating else {})},
        **context,  # type: ignore[arg-type]
    )
    return save_survey_response(session=session, response=response)


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
    stakeholder_group: str = "people_with_convictions",
    created_at: dt.datetime | None = None,
    activity_id: int | None = None,
    rating: str | None = None,
    channel: str = "staff_card",
) -> Comment:
    """One comment saved through the real services, with the analysis a test needs stored on it.

    Args:
        channel: "staff_card" (at the locality's fixture activity unless ``activity_id`` is given)
            or "kiosk" (a "Your View Counts" response).
        rating: an "overall" rating given beside a kiosk comment (implies the kiosk).
        sentiment, themes, safeguarding, redacted: stored as the comment's analysis.
        created_at: when the submission is dated (default 12 March 2026, 11:00 UTC).
    """
    when = created_at or dt.datetime(2026, 3, 12, 11, tzinfo=dt.UTC)
    if channel == "kiosk" or rating is not None:
        submission = _kiosk_comment(
            session,
            text=text,
            question_type=question_type,
            locality=locality,
            group=stakeholder_group,
            rating=rating,
            activity_id=activity_id,
            quote_permission=quote_permission,
        )
    else:
        activity_id = activity_id or fixture_activity(session, locality, when.date()).id
        data = card(
            activity_id,
            text=text,
            question_type=question_type,
            stakeholder_group=stakeholder_group,
            quote_permission=quote_permission,
        )
        submission = save_card(session=session, card=data, user_id=None)
    submission.created_at = when
    (comment,) = submission.comments
    known = CommentAnalysis(
        redacted_text=text if redacted is None else redacted,
        safeguarding=safeguarding,
        sentiment=sentiment,  # type: ignore[arg-type]
        sentiment_score=SCORES.get(sentiment or "", 0.0),
        themes=tuple(ThemeMatch(theme_id=t, source="rule", evidence=(t,)) for t in themes),
        version="fixture",
    )
    comment.themes = []
    apply_analysis(comment, known)
    comment.safeguarding = safeguarding  # the known flag, whatever the detectors said
    session.flush()
    alerts = session.scalars(
        select(SafeguardingAlert).where(SafeguardingAlert.comment_id == comment.id)
    ).all()
    if safeguarding and not alerts:
        raise_alert(session=session, submission=submission, comment=comment)
    for alert in alerts if not safeguarding else ():
        session.delete(alert)
    return comment


def seed_review(session: Session, *, today: dt.date | None = None) -> dict[str, int]:
    """The review data set: Hamilton 36 comments with themes and ratings, Clydesdale 3, one action."""
    today = today or dt.date.today()
    now = dt.datetime.combine(today, dt.time(12), dt.UTC)
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
        make_comment(
            session,
            activity_id=big.id,
            locality=BIG,
            sentiment=sentiment,
            text=f"Comment {i} about housing",
            themes=("housing",) if i % 3 else ("housing", "staff"),
            question_type="working_well" if sentiment == "positive" else "could_improve",
            rating=str(1 + i % 2) if i < 24 else None,
            created_at=now,
        )
    for i in range(3):
        make_comment(
            session,
            activity_id=small.id,
            locality=SMALL,
            text=f"Small {i}",
            themes=("housing",),
            created_at=now,
        )
    make_comment(
        session,
        activity_id=big.id,
        locality=BIG,
        safeguarding=True,
        text='=HYPERLINK("http://x")',
        created_at=now,
    )
    make_comment(
        session,
        activity_id=big.id,
        locality=BIG,
        sentiment="neutral",
        themes=(),
        text='=HYPERLINK("http://evil.example","click")',
        created_at=now,
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
