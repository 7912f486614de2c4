"""Small queries the capture pages need: counts per activity, active surveys, partner switches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from feedback.access import Viewer
from feedback.admin import audit
from feedback.models import Activity, Partner, Submission, Survey
from feedback.validation import ValidationError


@dataclass(frozen=True)
class SubmissionCounts:
    """How many feedback cards and kiosk responses an activity has."""

    cards: int = 0
    surveys: int = 0


def submission_counts(*, session: Session, activity_ids: Sequence[int]) -> dict[int, SubmissionCounts]:
    """Cards and kiosk responses per activity, counted in one grouped query."""
    if not activity_ids:
        return {}
    rows = session.execute(
        select(Submission.activity_id, Submission.channel, func.count())
        .where(Submission.activity_id.in_(list(activity_ids)))
        .group_by(Submission.activity_id, Submission.channel)
    )
    cards: dict[int, int] = {}
    surveys: dict[int, int] = {}
    for activity_id, channel, n in rows:
        if channel == "staff_card":
            cards[activity_id] = cards.get(activity_id, 0) + n
        elif channel == "kiosk":
            surveys[activity_id] = surveys.get(activity_id, 0) + n
    return {i: SubmissionCounts(cards.get(i, 0), surveys.get(i, 0)) for i in activity_ids}


@dataclass(frozen=True)
class ActivityLabel:
    """What a chooser of activities shows of one."""

    id: int
    title: str
    start_date: dt.date
    locality: str


def activity_labels(
    *, session: Session, viewer: Viewer, limit: int, also: int | None = None
) -> list[ActivityLabel]:
    """The newest ``limit`` activities in the viewer's scope, plus activity ``also`` when in scope.

    Reads four columns through the (start_date, id) index, so it costs the same at any size.
    """
    scope = [Activity.locality == viewer.locality_scope] if viewer.locality_scope is not None else []
    columns = (Activity.id, Activity.title, Activity.start_date, Activity.locality)
    newest = select(*columns).where(*scope).order_by(Activity.start_date.desc(), Activity.id.desc())
    rows = list(session.execute(newest.limit(max(0, limit))))
    if also is not None and all(r.id != also for r in rows):
        rows += list(session.execute(select(*columns).where(*scope, Activity.id == also)))
    return [ActivityLabel(*r) for r in rows]


def list_active_surveys(*, session: Session) -> list[Survey]:
    """Active survey versions, by title then newest version first."""
    query = select(Survey).where(Survey.active.is_(True)).order_by(Survey.title, Survey.version.desc())
    return list(session.scalars(query))


def translation_notes(*, session: Session, survey_id: int) -> list[str]:
    """Staff warnings for the survey's translations not yet checked (settings needs_checking::LANGUAGE)."""
    survey = session.get(Survey, survey_id)
    settings = (survey.definition.get("settings") or {}) if survey else {}
    notes = []
    for key, text in settings.items():
        if key.startswith("needs_checking::") and text:
            language = key.split("::", 1)[1]
            notes.append(f"{settings.get('language_name::' + language) or language}: {text}")
    return notes


def get_survey(*, session: Session, survey_id: int) -> Survey | None:
    """One survey version by id."""
    return session.get(Survey, survey_id)


def set_partner_active(*, session: Session, partner_id: int, active: bool, user_id: int | None) -> Partner:
    """Switch a partner on or off in the managed list (kept for past activities either way)."""
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise ValidationError({"partner": "This partner no longer exists."})
    if partner.active != active:
        partner.active = active
        audit.record(
            session=session,
            user_id=user_id,
            event="partner.activate" if active else "partner.deactivate",
            object_type="partner",
            object_id=partner.id,
        )
    return partner
