"""Safeguarding alerts: a possible disclosure or a request for help, routed to the people who must act.

An alert is raised when the detectors flag a comment as it is saved or re-scored, when a person
flags a comment, and when a respondent picks a choice that asks for help. It reaches the staff
member who recorded the card or started the kiosk, whoever recorded the activity, and the
locality's leads (admins see every alert). It stays open until someone records what was done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from feedback.access import ADMIN, LOCALITY_LEAD, NotAllowedError, Viewer
from feedback.admin import audit
from feedback.models import Activity, Comment, SafeguardingAlert, Submission, Survey, User, utcnow
from feedback.validation import ValidationError, check_text

OUTCOMES: dict[str, str] = {
    "spoke_to_person": "Spoke to the person",
    "referred": "Referred to a named service",
    "police_informed": "Police informed",
    "no_action": "No action needed (give the reason)",
}
MAX_NOTE = 2000
MAX_SERVICE = 200


@dataclass(frozen=True)
class AlertRow:
    """What a person needs to act on an alert (redacted text only, never a name)."""

    id: int
    reason: str
    comment_id: int | None
    raised_at: dt.datetime
    locality: str
    channel: str
    activity: str | None
    survey: str | None
    question: str | None
    receipt_code: str | None
    redacted_text: str | None
    asked_for: tuple[str, ...]
    reviewed_at: dt.datetime | None
    reviewed_by: str | None
    outcome: str | None
    referred_to: str | None
    note: str | None


def raise_alert(
    *, session: Session, submission: Submission, comment: Comment | None, raised_by: int | None = None
) -> SafeguardingAlert | None:
    """Open an alert for a flagged comment (or a help request when comment is None), once while open."""
    reason = "help" if comment is None else "flag"
    open_one = select(SafeguardingAlert.id).where(
        SafeguardingAlert.submission_id == submission.id,
        SafeguardingAlert.reason == reason,
        SafeguardingAlert.reviewed_at.is_(None),
        SafeguardingAlert.comment_id.is_(None)
        if comment is None
        else SafeguardingAlert.comment_id == comment.id,
    )
    if session.scalar(open_one) is not None:
        return None
    alert = SafeguardingAlert(
        submission_id=submission.id,
        comment_id=None if comment is None else comment.id,
        reason=reason,
        raised_by=raised_by,
        raised_at=utcnow(),
    )
    session.add(alert)
    session.flush()
    audit.record(
        session=session, user_id=raised_by, event=f"alert.{reason}", object_type="alert", object_id=alert.id
    )
    return alert


def raise_alerts_for(*, session: Session, submission: Submission) -> int:
    """Open the alerts a newly stored submission calls for; return how many."""
    session.flush()
    raised = [
        raise_alert(session=session, submission=submission, comment=c)
        for c in submission.comments
        if c.safeguarding
    ]
    if submission.help_requested:
        raised.append(raise_alert(session=session, submission=submission, comment=None))
    return sum(1 for a in raised if a is not None)


def _routed_to(viewer: Viewer) -> ColumnElement[bool]:
    """Alerts this viewer receives: admins all; leads their locality; everyone what they captured."""
    viewer.require("receive_alerts")
    if viewer.role == ADMIN:
        return and_(True)
    recorded = aliased(Activity)
    mine = or_(
        Submission.created_by == viewer.user_id,
        Submission.activity_id.in_(select(recorded.id).where(recorded.created_by == viewer.user_id)),
    )
    if viewer.role == LOCALITY_LEAD and viewer.locality:
        return or_(mine, Submission.locality == viewer.locality)
    return mine


def count_open_alerts(*, session: Session, viewer: Viewer) -> int:
    """How many alerts routed to the viewer still wait for a review."""
    query = (
        select(func.count(SafeguardingAlert.id))
        .join(Submission, Submission.id == SafeguardingAlert.submission_id)
        .where(SafeguardingAlert.reviewed_at.is_(None), _routed_to(viewer))
    )
    return session.scalar(query) or 0


def help_labels(definition: dict, picked: dict[str, str]) -> tuple[str, ...]:
    """The labels of the "asks for help" choices picked (picked: question name -> space-separated names)."""
    asks = {
        (str(c.get("list_name")), str(c.get("name"))): str(c.get("label") or c.get("name"))
        for c in definition.get("choices") or []
        if str(c.get("asks_help", "")).strip().lower() in ("yes", "true", "1")
    }
    labels: list[str] = []
    for row in definition.get("survey") or []:
        parts = str(row.get("type", "")).split()
        if len(parts) == 2 and parts[0].startswith("select") and row.get("name") in picked:
            labels += [asks[(parts[1], n)] for n in picked[row["name"]].split() if (parts[1], n) in asks]
    return tuple(labels)


def _asked_for(session: Session, submission: Submission) -> tuple[str, ...]:
    if submission.survey_id is None or not submission.help_requested:
        return ()
    picked = {a.question: a.choice or "" for a in submission.answers}
    survey = session.get(Survey, submission.survey_id)
    return help_labels(survey.definition, picked) if survey is not None else ()


def list_alerts(
    *, session: Session, viewer: Viewer, reviewed: bool = False, limit: int = 50
) -> list[AlertRow]:
    """Alerts routed to the viewer: open ones oldest first, or reviewed ones newest first."""
    reviewer = aliased(User)
    done = SafeguardingAlert.reviewed_at.is_not(None) if reviewed else SafeguardingAlert.reviewed_at.is_(None)
    query = (
        select(SafeguardingAlert, Submission, Comment, Activity.title, Survey.title, reviewer.display_name)
        .join(Submission, Submission.id == SafeguardingAlert.submission_id)
        .outerjoin(Survey, Survey.id == Submission.survey_id)
        .outerjoin(Comment, Comment.id == SafeguardingAlert.comment_id)
        .outerjoin(Activity, Activity.id == Submission.activity_id)
        .outerjoin(reviewer, reviewer.id == SafeguardingAlert.reviewed_by)
        .where(done, _routed_to(viewer))
        .order_by(
            SafeguardingAlert.reviewed_at.desc() if reviewed else SafeguardingAlert.raised_at,
            SafeguardingAlert.id,
        )
        .limit(max(1, min(limit, 200)))
    )
    return [
        AlertRow(
            id=a.id,
            reason=a.reason,
            comment_id=a.comment_id,
            raised_at=a.raised_at,
            locality=s.locality,
            channel=s.channel,
            activity=title,
            survey=survey,
            question=None if c is None else c.question,
            receipt_code=s.receipt_code,
            redacted_text=None if c is None else c.redacted_text,
            asked_for=_asked_for(session, s),
            reviewed_at=a.reviewed_at,
            reviewed_by=name,
            outcome=a.outcome,
            referred_to=a.referred_to,
            note=a.note,
        )
        for a, s, c, title, survey, name in session.execute(query)
    ]


def review_alert(
    *, session: Session, alert_id: int, viewer: Viewer, outcome: str, referred_to: str = "", note: str = ""
) -> SafeguardingAlert:
    """Record what was done about an alert (from the fixed list), with who and when; audited."""
    found = session.execute(
        select(SafeguardingAlert)
        .join(Submission, Submission.id == SafeguardingAlert.submission_id)
        .where(SafeguardingAlert.id == alert_id, _routed_to(viewer))
    ).scalar_one_or_none()
    if found is None:
        raise NotAllowedError("That alert is not on your list.")
    if found.reviewed_at is not None:
        raise ValidationError(
            {"outcome": "Someone has already recorded a review of this alert. Reload the page."}
        )
    referred_to, note = referred_to.strip(), note.strip()
    errors: dict[str, str] = {}
    if outcome not in OUTCOMES:
        errors["outcome"] = "Choose what was done."
    if outcome == "referred" and not referred_to:
        errors["referred_to"] = "Name the service the person was referred to."
    if outcome == "no_action" and not note:
        errors["note"] = "Say why no action is needed."
    check_text(errors, "referred_to", "The service", referred_to, MAX_SERVICE)
    check_text(errors, "note", "The note", note, MAX_NOTE)
    if errors:
        raise ValidationError(errors)
    found.outcome, found.referred_to, found.note = outcome, referred_to or None, note or None
    found.reviewed_by, found.reviewed_at = viewer.user_id, utcnow()
    session.flush()
    audit.record(
        session=session,
        user_id=viewer.user_id,
        event="alert.review",
        object_type="alert",
        object_id=found.id,
        detail={"outcome": outcome},
    )
    return found
