"""bench/generate.py writes what the save paths write: the same input, generated and saved, compared."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from analysis.disclosure import KEY_SPACE
from bench.generate import OncePerText
from bench.generate_rows import RowWriter, Spec, write_specs
from feedback.capture.responses import SurveyResponse, save_survey_response
from feedback.capture.scoring import get_analyser
from feedback.capture.submissions import save_card
from feedback.fixtures import CLYDESDALE, card, make_activity, survey
from feedback.models import Answer, AuditEvent, Comment, CommentTheme, SafeguardingAlert, Submission
from feedback.summaries.cells import contributions
from tests.feedback.summaries.summary_checks import recount, stored

WHEN = dt.datetime(2025, 10, 26, 0, 40, tzinfo=dt.UTC)
INPUTS = (  # channel, question type, text, group, rating
    ("staff_card", "could_improve", "Answer the phone quicker, I was on hold for ages.", "families", None),
    ("staff_card", "working_well", "My worker helped me find a flat.", "people_with_convictions", None),
    ("staff_card", "general", "I have been thinking about ending my life.", "victims", None),
    ("kiosk", "working_well", "The staff listened to me.", "community_members", "1"),
    ("kiosk", "could_improve", "Nothing, it was all fine.", "not_recorded", None),
    ("kiosk", "could_improve", "Buses to the office are too few.", "families", "dont_know"),
)
SUBMISSION = (
    "channel",
    "activity_id",
    "survey_id",
    "locality",
    "stakeholder_group",
    "consent",
    "quote_permission",
    "language",
    "help_requested",
    "is_demo",
    "created_by",
)
COMMENT = (
    "question",
    "question_type",
    "text",
    "redacted_text",
    "sentiment",
    "sentiment_score",
    "safeguarding",
    "safeguarding_risk",
    "analysis_version",
    "quote_approved",
    "read_at",
    "human_sentiment",
)


def _save(session: Session, spec: Spec) -> None:
    if spec.channel == "staff_card":
        data = card(
            spec.activity_id,
            submission_id=spec.submission_id,
            question_type=spec.question_type,
            text=spec.text,
            stakeholder_group=spec.group,
            quote_permission=False,
        )
        submission = save_card(session=session, card=data, user_id=None)
    else:
        writer = RowWriter(survey(session), 0, 0)
        answers = {writer.kiosk_question(spec.question_type): spec.text, "stakeholder_group": spec.group}
        if spec.rating:
            answers["overall"] = spec.rating
        response = SurveyResponse(
            submission_id=spec.submission_id,
            survey_id=survey(session).id,
            locality=spec.locality,
            answers=answers,
            activity_id=spec.activity_id,
        )
        submission = save_survey_response(session=session, response=response)
    submission.created_at = spec.created_at
    session.flush()


def _picture(session: Session, submission_id: str) -> dict:
    """Everything stored for one submission, without its ids, keys, codes and clock times."""
    sub = session.get(Submission, submission_id)
    comments = session.scalars(select(Comment).where(Comment.submission_id == submission_id)).all()
    keys = [c.record_key for c in comments]
    answers = session.scalars(select(Answer).where(Answer.submission_id == submission_id)).all()
    keys += [a.record_key for a in answers]
    assert all(0 <= k < KEY_SPACE for k in keys)
    alerts = session.scalars(
        select(SafeguardingAlert).where(SafeguardingAlert.submission_id == submission_id)
    )
    audit = session.scalars(select(AuditEvent).where(AuditEvent.object_id == submission_id))
    return {
        "submission": {f: getattr(sub, f) for f in SUBMISSION},
        "created_at": sub.created_at.replace(tzinfo=None),
        "receipt": sub.receipt_code is not None,
        "comments": [
            (
                {f: getattr(c, f) for f in COMMENT},
                sorted(
                    (t.theme_id, t.source, tuple(t.evidence), t.confirmed, t.rejected)
                    for t in session.scalars(select(CommentTheme).where(CommentTheme.comment_id == c.id))
                ),
            )
            for c in comments
        ],
        "answers": sorted((a.question, a.choice, a.number, a.text) for a in answers),
        "alerts": sorted((a.reason, a.comment_id is None, a.raised_by) for a in alerts),
        "audit": sorted((e.event, e.object_type, repr(e.detail), e.user_id) for e in audit),
    }


def _records(cells: dict) -> dict:
    return {cell: v[0] for cell, v in cells.items()}


def test_generated_rows_equal_rows_saved_through_the_services(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    with factory() as session:
        activity = make_activity(session, locality=CLYDESDALE, kind="community_event")
        session.commit()
        specs = [
            Spec(str(uuid.uuid4()), channel, activity.id, CLYDESDALE, qtype, text, group, WHEN, rating)
            for channel, qtype, text, group, rating in INPUTS
        ]
        twins = [
            Spec(
                str(uuid.uuid4()),
                s.channel,
                s.activity_id,
                s.locality,
                s.question_type,
                s.text,
                s.group,
                s.created_at,
                s.rating,
            )
            for s in specs
        ]
        for twin in twins:
            _save(session, twin)
        session.commit()
        next_comment = session.scalar(select(Comment.id).order_by(Comment.id.desc()).limit(1)) + 1
        next_alert = (
            session.scalar(select(SafeguardingAlert.id).order_by(SafeguardingAlert.id.desc()).limit(1)) or 0
        ) + 1
        writer = RowWriter(survey(session), next_comment, next_alert)
        results = OncePerText(get_analyser(session)).results(specs)
        write_specs(session, writer, specs, results)
        session.commit()
        assert any(r.safeguarding for r in results), "the set must include a flagged comment"
        for spec, twin in zip(specs, twins, strict=True):
            assert _picture(session, spec.submission_id) == _picture(session, twin.submission_id), spec.text
        connection = session.connection()
        generated = _records(contributions(connection, [s.submission_id for s in specs]))
        saved = _records(contributions(connection, [s.submission_id for s in twins]))
        assert generated == saved and generated
    assert stored(engine) == recount(engine)
