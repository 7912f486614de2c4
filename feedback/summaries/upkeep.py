"""Keep the summary cubes exact and bump the data version inside every flush that changes reported data.

Session events see every ORM write, whichever service makes it: before a flush the cells of the
submissions it touches are counted from the raw rows, after it they are counted again, and the
difference goes into the cubes on the same connection, so it commits or rolls back with the write.
The data version is bumped once, just before such a transaction commits.
Bulk ORM statements on counted tables must say what they do with the execution option
``summaries``: ``"unchanged"`` (no count changes, e.g. blanking text) or ``"caller"`` (the caller
applies the change itself, e.g. bench/generate.py); any other is refused rather than left wrong.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from feedback.models import (
    Action,
    ActionComment,
    Activity,
    ActivityPartner,
    Answer,
    AppSetting,
    Attendance,
    Comment,
    CommentTheme,
    Partner,
    Submission,
    Survey,
    Theme,
)
from feedback.summaries.cells import contributions
from feedback.summaries.store import apply_change, bump_version

COUNTED = (Submission, Comment, CommentTheme, Answer, Activity)
REPORTED = (*COUNTED, Attendance, ActivityPartner, Partner, Survey, Theme, Action, ActionComment, AppSetting)
BULK_OPTION = "summaries"
BULK_CHOICES = ("unchanged", "caller")
_STATE = "feedback.summaries.before"
_CHANGED = "feedback.summaries.changed"


def _parent_id(obj: object, attribute: str, relation: str) -> object:
    value = getattr(obj, attribute)
    if value is None:
        parent = inspect(obj).attrs[relation].loaded_value
        value = getattr(parent, "id", None)
    return value


def _kind_changed(activity: Activity, session: Session) -> bool:
    return activity in session.deleted or inspect(activity).attrs.kind.history.has_changes()


def submission_ids(session: Session, objects: Iterable[object]) -> set[str]:
    """The submissions whose counts a set of changed objects may move."""
    ids: set[str] = set()
    comment_ids: set[int] = set()
    activity_ids: set[int] = set()
    for obj in objects:
        if isinstance(obj, Submission):
            ids.add(obj.id)
        elif isinstance(obj, Comment):
            ids.add(_parent_id(obj, "submission_id", "submission"))
        elif isinstance(obj, Answer):
            ids.add(obj.submission_id)
        elif isinstance(obj, CommentTheme):
            comment_ids.add(obj.comment_id)
        elif isinstance(obj, Activity) and obj.id is not None and _kind_changed(obj, session):
            activity_ids.add(obj.id)
    connection = session.connection()
    comment_ids.discard(None)
    if comment_ids:
        query = select(Comment.submission_id).where(Comment.id.in_(sorted(comment_ids)))
        ids.update(connection.scalars(query))
    if activity_ids:
        query = select(Submission.id).where(Submission.activity_id.in_(sorted(activity_ids)))
        ids.update(connection.scalars(query))
    ids.discard(None)
    return ids


def _changed(session: Session) -> list[object]:
    return [o for o in (*session.new, *session.dirty, *session.deleted) if isinstance(o, REPORTED)]


def _before_flush(session: Session, _context, _instances) -> None:
    changed = _changed(session)
    if not changed:
        session.info.pop(_STATE, None)
        return
    ids = submission_ids(session, changed)
    brand_new = {o.id for o in session.new if isinstance(o, Submission)}  # counted nowhere yet
    session.info[_STATE] = (ids, contributions(session.connection(), ids - brand_new))


def _after_flush(session: Session, _context) -> None:
    state = session.info.pop(_STATE, None)
    if state is None:
        return
    ids, before = state
    ids = ids | submission_ids(session, _changed(session))
    connection = session.connection()
    apply_change(connection, before, contributions(connection, ids))
    session.info[_CHANGED] = True


def _on_bulk(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete) or state.bind_mapper is None:
        return
    entity = state.bind_mapper.class_
    if not issubclass(entity, REPORTED):
        return
    if issubclass(entity, COUNTED) and state.execution_options.get(BULK_OPTION) not in BULK_CHOICES:
        raise RuntimeError(
            f"A bulk write to {entity.__tablename__} would leave the summaries wrong: write ORM objects, "
            f"or pass execution_options({BULK_OPTION}=...) and keep them yourself (feedback.summaries)."
        )
    state.session.info[_CHANGED] = True


def _before_commit(session: Session) -> None:
    # Once per transaction and last, so the one-row counter is locked only for the commit itself.
    # Flush first: the commit's own flush comes after this hook.
    session.flush()
    if session.info.pop(_CHANGED, False):
        bump_version(session.connection())


def _after_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)
    session.info.pop(_STATE, None)


def install() -> None:
    """Listen on every session (idempotent)."""
    for name, listener in (
        ("before_flush", _before_flush),
        ("after_flush", _after_flush),
        ("do_orm_execute", _on_bulk),
        ("before_commit", _before_commit),
        ("after_rollback", _after_rollback),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
