"""Create, change and list activities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from analysis.params import LOCALITIES
from feedback.access import Viewer
from feedback.admin import audit
from feedback.models import Activity, Attendance, Partner, Submission
from feedback.validation import (
    ActivityInput,
    ValidationError,
    check_submission_id,
    cleaned_activity,
    validate_activity,
)


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


def _apply(
    session: Session,
    activity: Activity,
    data: ActivityInput,
    attendance: dict[str, int],
    keys: dict[str, int] | None = None,
) -> None:
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
    # A headcount line kept across an edit keeps its record key (analysis.disclosure), so
    # re-saving an activity never re-draws the noise of the figures it is counted in.
    keys = keys or {}
    activity.attendance = [
        Attendance(stakeholder_group=g, headcount=n, **({"record_key": keys[g]} if g in keys else {}))
        for g, n in attendance.items()
    ]


NOT_YOURS = "This activity does not exist or belongs to another locality. Choose one of your own."


def _require_scope(viewer: Viewer | None, locality: str) -> None:
    """Refuse a locality lead's record of another locality (a message naming their own)."""
    if viewer is not None and locality in LOCALITIES and not viewer.may_see_locality(locality):
        own = LOCALITIES.get(viewer.locality_scope or "", "your own locality")
        raise ValidationError({"locality": f"You can record activities only in {own}. Choose it."})


def _by_client_token(session: Session, client_token: str) -> Activity | None:
    return session.scalar(select(Activity).where(Activity.client_token == client_token))


def create_activity(
    *,
    session: Session,
    data: ActivityInput,
    user_id: int | None,
    viewer: Viewer | None = None,
    client_token: str | None = None,
) -> Activity:
    """Validate and store a new activity, at most once per client token (made when the form is shown).

    A double tap or a second Save with the same token returns the activity already stored; a
    viewer given is held to their locality scope.
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
    data = cleaned_activity(data)
    attendance = validate_activity(data)
    _require_scope(viewer, data.locality)
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


def update_activity(*, session: Session, activity_id: int, data: ActivityInput, viewer: Viewer) -> Activity:
    """Validate and store changes to an activity within the viewer's locality scope."""
    data = cleaned_activity(data)
    attendance = validate_activity(data)
    activity = get_activity(session=session, activity_id=activity_id, viewer=viewer)
    if activity is None:
        raise ValidationError({"activity": NOT_YOURS})
    _require_scope(viewer, data.locality)
    user_id = viewer.user_id
    # Replace attendance rows: flush the removal first so the composite keys can be reused.
    keys = {line.stakeholder_group: line.record_key for line in activity.attendance}
    activity.attendance = []
    session.flush()
    _apply(session, activity, data, attendance, keys)
    session.flush()
    audit.record(
        session=session,
        user_id=user_id,
        event="activity.update",
        object_type="activity",
        object_id=activity.id,
    )
    return activity


def get_activity(*, session: Session, activity_id: int, viewer: Viewer) -> Activity | None:
    """One activity with its partners and attendance; None when missing or outside the viewer's scope."""
    query = select(Activity).where(Activity.id == activity_id)
    if viewer.locality_scope is not None:
        query = query.where(Activity.locality == viewer.locality_scope)
    return session.scalars(
        query.options(selectinload(Activity.partners), selectinload(Activity.attendance))
    ).first()


ActivityCursor = tuple[dt.date, int]  # the last row of a page: (start_date, id)


def list_activities(
    *,
    session: Session,
    viewer: Viewer,
    filters: ActivityFilter = ActivityFilter(),
    limit: int | None = None,
    after: ActivityCursor | None = None,
) -> list[Activity]:
    """Activities matching the filters within the viewer's scope, newest first; at most ``limit``, in SQL.

    ``after`` continues a list where a page ended (keyset: rows after that start date and id).
    """
    query = select(Activity).options(
        selectinload(Activity.partners),
        selectinload(Activity.attendance),
        selectinload(Activity.lead_partner),
    )
    if viewer.locality_scope is not None:
        query = query.where(Activity.locality == viewer.locality_scope)
    if filters.locality:
        query = query.where(Activity.locality == filters.locality)
    if filters.kind:
        query = query.where(Activity.kind == filters.kind)
    if filters.date_from:
        query = query.where(Activity.start_date >= filters.date_from)
    if filters.date_to:
        query = query.where(Activity.start_date <= filters.date_to)
    if after is not None:
        day, last_id = after
        query = query.where(
            and_(Activity.start_date <= day, or_(Activity.start_date < day, Activity.id < last_id))
        )
    query = query.order_by(Activity.start_date.desc(), Activity.id.desc())
    if limit is not None:
        query = query.limit(max(0, limit))
    return list(session.scalars(query))


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
