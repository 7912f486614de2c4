"""Create, change and list activities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from feedback.admin import audit
from feedback.models import Activity, Attendance, Partner, Submission
from feedback.validation import ActivityInput, ValidationError, check_submission_id, validate_activity


@dataclass(frozen=True)
class ActivityFilter:
    """What the activity list is narrowed to."""

    locality: str | None = None
    kind: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _partners(session: Session, ids: tuple[int, ...]) -> list[Partner]:
    partners = list(session.scalars(select(Partner).where(Partner.id.in_(ids)))) if ids else []
    if len(partners) != len(set(ids)):
        raise ValidationError({"partner_ids": "A partner in the list no longer exists. Choose again."})
    return partners


def _apply(session: Session, activity: Activity, data: ActivityInput, attendance: dict[str, int]) -> None:
    if data.lead_partner_id is not None and session.get(Partner, data.lead_partner_id) is None:
        raise ValidationError({"lead_partner_id": "The lead partner no longer exists. Choose again."})
    activity.kind = data.kind
    activity.title = data.title.strip()
    activity.locality = data.locality
    activity.start_date = data.start_date
    activity.end_date = data.end_date
    activity.venue = data.venue.strip()
    activity.lead_partner_id = data.lead_partner_id
    activity.partners = _partners(session, tuple(data.partner_ids))
    activity.standards = list(data.standards)
    activity.notes = data.notes.strip()
    activity.outcomes = data.outcomes.strip()
    activity.attendance = [Attendance(stakeholder_group=g, headcount=n) for g, n in attendance.items()]


def _by_client_token(session: Session, client_token: str) -> Activity | None:
    return session.scalar(select(Activity).where(Activity.client_token == client_token))


def create_activity(
    *, session: Session, data: ActivityInput, user_id: int | None, client_token: str | None = None
) -> Activity:
    """Validate and store a new activity, at most once per client token (made when the form is shown).

    A double tap or a second Save with the same token returns the activity already stored.
    """
    if client_token is not None:
        errors: dict[str, str] = {}
        check_submission_id(errors, client_token)
        if errors:
            raise ValidationError(
                {"activity": "This form has expired. Please reload the page and try again."}
            )
        existing = _by_client_token(session, client_token)
        if existing is not None:
            return existing
    attendance = validate_activity(data)
    activity = Activity(created_by=user_id, client_token=client_token)
    _apply(session, activity, data, attendance)
    try:
        with session.begin_nested():
            session.add(activity)
            session.flush()
    except IntegrityError:
        existing = _by_client_token(session, client_token) if client_token else None
        if existing is None:
            raise
        return existing  # the same form saved at the same moment by another request
    audit.record(
        session=session,
        user_id=user_id,
        event="activity.create",
        object_type="activity",
        object_id=activity.id,
    )
    return activity


def update_activity(
    *, session: Session, activity_id: int, data: ActivityInput, user_id: int | None
) -> Activity:
    """Validate and store changes to an activity."""
    attendance = validate_activity(data)
    activity = get_activity(session=session, activity_id=activity_id)
    if activity is None:
        raise ValidationError({"activity": "This activity no longer exists."})
    # Replace attendance rows: flush the removal first so the composite keys can be reused.
    activity.attendance = []
    session.flush()
    _apply(session, activity, data, attendance)
    session.flush()
    audit.record(
        session=session,
        user_id=user_id,
        event="activity.update",
        object_type="activity",
        object_id=activity.id,
    )
    return activity


def get_activity(*, session: Session, activity_id: int) -> Activity | None:
    """One activity with its partners and attendance."""
    return session.scalars(
        select(Activity)
        .where(Activity.id == activity_id)
        .options(selectinload(Activity.partners), selectinload(Activity.attendance))
    ).first()


def list_activities(*, session: Session, filters: ActivityFilter = ActivityFilter()) -> list[Activity]:
    """Activities matching the filters, newest first."""
    query = select(Activity).options(
        selectinload(Activity.partners),
        selectinload(Activity.attendance),
        selectinload(Activity.lead_partner),
    )
    if filters.locality:
        query = query.where(Activity.locality == filters.locality)
    if filters.kind:
        query = query.where(Activity.kind == filters.kind)
    if filters.date_from:
        query = query.where(Activity.start_date >= filters.date_from)
    if filters.date_to:
        query = query.where(Activity.start_date <= filters.date_to)
    return list(session.scalars(query.order_by(Activity.start_date.desc(), Activity.id.desc())))


def count_submissions(*, session: Session, activity_id: int, channel: str | None = None) -> int:
    """How many submissions (cards or surveys) an activity has."""
    query = select(func.count()).select_from(Submission).where(Submission.activity_id == activity_id)
    if channel:
        query = query.where(Submission.channel == channel)
    return session.scalar(query) or 0


def list_partners(*, session: Session, active_only: bool = True) -> list[Partner]:
    """The managed partner list, by name."""
    query = select(Partner).order_by(Partner.name)
    if active_only:
        query = query.where(Partner.active.is_(True))
    return list(session.scalars(query))


def add_partner(*, session: Session, name: str, sector: str, user_id: int | None) -> Partner:
    """Add a partner to the managed list."""
    from analysis.params import PARTNER_SECTORS

    name = " ".join(name.split())
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter the partner's name."
    elif len(name) > 120:
        errors["name"] = "The name is too long; the most is 120 characters."
    elif session.scalar(select(Partner).where(func.lower(Partner.name) == name.lower())):
        errors["name"] = "That partner is already in the list."
    if sector not in PARTNER_SECTORS:
        errors["sector"] = "Choose the partner's sector."
    if errors:
        raise ValidationError(errors)
    partner = Partner(name=name, sector=sector, active=True)
    session.add(partner)
    session.flush()
    audit.record(
        session=session, user_id=user_id, event="partner.create", object_type="partner", object_id=partner.id
    )
    return partner
