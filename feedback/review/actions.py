"""'You said, we did' actions: create from a theme or comments, validate, edit and change status."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.params import ACTION_STATUSES, LOCALITIES
from feedback.access import NotAllowedError, Viewer
from feedback.admin import audit
from feedback.models import Action, ActionComment, Comment, CommentTheme, Partner, Submission, Theme
from feedback.review.action_list import WIDE
from feedback.review.comments import kept_theme
from feedback.validation import MAX_LONG_TEXT, ValidationError, check_text

MAX_LINKED = 200


@dataclass(frozen=True)
class ActionInput:
    """An action as a person describes it."""

    heard: str
    will_do: str
    locality: str
    theme_id: str | None = None
    owner_partner_id: int | None = None
    due_date: dt.date | None = None
    status: str = "planned"
    status_reason: str = ""
    we_did: str = ""
    activity_id: int | None = None
    comment_ids: tuple[int, ...] = ()


def _require_edit(viewer: Viewer, locality: str) -> None:
    viewer.require("manage_actions")
    if viewer.locality_scope is not None and locality != viewer.locality_scope:
        raise NotAllowedError("Locality leads can only manage their own locality's actions.")


def validate_action(*, session: Session, data: ActionInput, viewer: Viewer) -> None:
    """Check an action; raise ValidationError naming each field that needs fixing."""
    errors: dict[str, str] = {}
    if not data.heard.strip():
        errors["heard"] = "Say what we heard, in a sentence."
    if not data.will_do.strip():
        errors["will_do"] = "Say what will be done."
    for name, label, value in (
        ("heard", "What we heard", data.heard),
        ("will_do", "What we will do", data.will_do),
        ("we_did", "The 'we did' text", data.we_did),
        ("status_reason", "The reason", data.status_reason),
    ):
        check_text(errors, name, label, value.strip(), MAX_LONG_TEXT)
    if data.locality not in LOCALITIES:
        errors["locality"] = "Choose the locality."
    if data.status not in ACTION_STATUSES:
        errors["status"] = "Choose a status: planned, in progress, done or not taken forward."
    elif data.status == "not_taken_forward" and not data.status_reason.strip():
        errors["status_reason"] = "Give the reason the action was not taken forward."
    if data.status == "done" and not data.we_did.strip():
        errors["we_did"] = "Say what we did, in words the public will read."
    if data.theme_id is not None and session.get(Theme, data.theme_id) is None:
        errors["theme_id"] = "Choose a theme from the codebook."
    if data.owner_partner_id is not None and session.get(Partner, data.owner_partner_id) is None:
        errors["owner_partner_id"] = "Choose the partner who owns the action."
    if data.due_date is not None and data.due_date.year < 2000:
        errors["due_date"] = "The due date looks wrong."
    _check_comments(session, data, viewer, errors)
    if errors:
        raise ValidationError(errors)


def _check_comments(session: Session, data: ActionInput, viewer: Viewer, errors: dict[str, str]) -> None:
    ids = list(dict.fromkeys(data.comment_ids))
    if not ids:
        return
    if len(ids) > MAX_LINKED:
        errors["comment_ids"] = f"Link at most {MAX_LINKED} comments to one action."
        return
    rows = session.execute(
        select(Comment.id, Comment.safeguarding, Submission.locality)
        .join(Submission, Comment.submission_id == Submission.id)
        .where(Comment.id.in_(ids))
    ).all()
    if len(rows) != len(ids):
        errors["comment_ids"] = "Some of the selected comments no longer exist. Select them again."
    elif any(r.safeguarding for r in rows):
        errors["comment_ids"] = "Comments flagged for safeguarding cannot be linked to a public action."
    elif any(not viewer.may_see_locality(r.locality) for r in rows):
        errors["comment_ids"] = "Some of the selected comments belong to another locality."


def create_action(*, session: Session, data: ActionInput, viewer: Viewer, is_demo: bool = False) -> Action:
    """Validate and store an action with its linked comments."""
    _require_edit(viewer, data.locality)
    validate_action(session=session, data=data, viewer=viewer)
    action = Action(
        heard=data.heard.strip(),
        will_do=data.will_do.strip(),
        theme_id=data.theme_id,
        locality=data.locality,
        activity_id=data.activity_id,
        owner_partner_id=data.owner_partner_id,
        due_date=data.due_date,
        status=data.status,
        status_reason=data.status_reason.strip(),
        we_did=data.we_did.strip(),
        is_demo=is_demo,
        created_by=viewer.user_id,
    )
    session.add(action)
    session.flush()
    session.add_all(ActionComment(action_id=action.id, comment_id=i) for i in dict.fromkeys(data.comment_ids))
    session.flush()
    audit.record(
        session=session,
        user_id=viewer.user_id,
        event="action.create",
        object_type="action",
        object_id=action.id,
        detail={"comments": len(set(data.comment_ids)), "status": action.status},
    )
    return action


def update_action(*, session: Session, action_id: int, data: ActionInput, viewer: Viewer) -> Action:
    """Validate and store changes to an action (its linked comments are kept)."""
    action = session.get(Action, action_id)
    if action is None:
        raise NotAllowedError("That action no longer exists.")
    _require_edit(viewer, action.locality)
    _require_edit(viewer, data.locality)
    validate_action(session=session, data=replace(data, comment_ids=()), viewer=viewer)
    before = action.status
    for name in ("heard", "will_do", "status_reason", "we_did"):
        setattr(action, name, getattr(data, name).strip())
    for name in ("theme_id", "locality", "owner_partner_id", "due_date", "status", "activity_id"):
        setattr(action, name, getattr(data, name))
    session.flush()
    audit.record(
        session=session,
        user_id=viewer.user_id,
        event="action.update",
        object_type="action",
        object_id=action.id,
        detail={"status_from": before, "status_to": action.status},
    )
    return action


def change_status(
    *,
    session: Session,
    action_id: int,
    status: str,
    viewer: Viewer,
    reason: str = "",
    we_did: str | None = None,
) -> Action:
    """Move an action to a new status; 'not taken forward' needs a reason, 'done' the 'we did' text."""
    action = session.get(Action, action_id)
    if action is None:
        raise NotAllowedError("That action no longer exists.")
    data = action_input(action, session=session)
    data = replace(
        data,
        status=status,
        status_reason=reason if reason.strip() else data.status_reason,
        we_did=data.we_did if we_did is None else we_did,
        comment_ids=(),
    )
    return update_action(session=session, action_id=action_id, data=data, viewer=viewer)


def action_input(action: Action, *, session: Session) -> ActionInput:
    """An existing action as editable input (with its linked comment ids)."""
    ids = tuple(session.scalars(select(ActionComment.comment_id).where(ActionComment.action_id == action.id)))
    return ActionInput(
        heard=action.heard,
        will_do=action.will_do,
        locality=action.locality,
        theme_id=action.theme_id,
        owner_partner_id=action.owner_partner_id,
        due_date=action.due_date,
        status=action.status,
        status_reason=action.status_reason,
        we_did=action.we_did,
        activity_id=action.activity_id,
        comment_ids=ids,
    )


def draft_from_theme(*, session: Session, theme_id: str, locality: str) -> ActionInput:
    """A new action's starting text for a theme heard in a locality."""
    theme = session.get(Theme, theme_id)
    name = theme.name if theme is not None else theme_id
    return ActionInput(
        heard=f"People told us about {name.lower()}.",
        will_do="",
        locality=locality,
        theme_id=theme_id if theme is not None else None,
    )


def draft_from_comments(*, session: Session, comment_ids: Sequence[int]) -> ActionInput:
    """A new action's starting point for a selection: their locality and most common kept theme."""
    ids = list(dict.fromkeys(comment_ids))
    localities = set(
        session.scalars(
            select(Submission.locality)
            .join(Comment, Comment.submission_id == Submission.id)
            .where(Comment.id.in_(ids))
        )
    )
    themes = Counter(
        session.scalars(select(CommentTheme.theme_id).where(CommentTheme.comment_id.in_(ids), kept_theme()))
    )
    theme_id = themes.most_common(1)[0][0] if themes else None
    locality = localities.pop() if len(localities) == 1 else WIDE
    base = draft_from_theme(session=session, theme_id=theme_id, locality=locality) if theme_id else None
    heard = base.heard if base else f"What {len(ids)} people told us."
    return ActionInput(heard=heard, will_do="", locality=locality, theme_id=theme_id, comment_ids=tuple(ids))
