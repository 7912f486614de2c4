"""Keep the summary cubes exact and bump the data version inside every flush that changes reported data.

Session events see every ORM write, whichever service makes it: before a flush the cells of the
submissions it touches are counted from the raw rows, after it they are counted again, and the
difference is kept with the transaction (dropped if its savepoint rolls back). Just before the
transaction commits, the differences go into the cubes and the data version is bumped, on the
same connection, so they commit or roll back with the write. Doing that last keeps the shared
cube rows and the one-row version locked (PostgreSQL) only for the commit itself, not the whole
save.
Bulk ORM statements on counted tables must say what they do with the execution option
``summaries``: ``"unchanged"`` (no count changes, e.g. blanking text) or ``"caller"`` (the caller
applies the change itself, e.g. bench/generate.py); any other is refused rather than left wrong.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

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
from feedback.summaries.cells import Cells, contributions, difference
from feedback.summaries.store import apply_cells_and_bump

COUNTED = (Submission, Comment, CommentTheme, Answer, Activity)
REPORTED = (*COUNTED, Attendance, ActivityPartner, Partner, Survey, Theme, Action, ActionComment, AppSetting)
BULK_OPTION = "summaries"
BULK_CHOICES = ("unchanged", "caller")
_STATE = "feedback.summaries.before"
_CHANGED = "feedback.summaries.changed"
_DELTAS = "feedback.summaries.deltas"  # [(the savepoints open at a flush, its cells' change)]
_SAVEPOINTS = "feedback.summaries.savepoints"  # the open savepoints, innermost last
_ROOT = "feedback.summaries.root"  # the outermost transaction


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
    comment_ids -= _owners_in_session(session, comment_ids, ids)
    if comment_ids:
        query = select(Comment.submission_id).where(Comment.id.in_(sorted(comment_ids)))
        ids.update(connection.scalars(query))
    if activity_ids:
        query = select(Submission.id).where(Submission.activity_id.in_(sorted(activity_ids)))
        ids.update(connection.scalars(query))
    ids.discard(None)
    return ids


def _owners_in_session(session: Session, comment_ids: set[int], ids: set[str]) -> set[int]:
    """Add to ids the submissions of the comments the session holds; return those comments' ids."""
    found: set[int] = set()
    for comment_id in comment_ids:
        comment = session.identity_map.get(session.identity_key(Comment, comment_id))
        if comment is not None and comment.submission_id is not None:
            ids.add(comment.submission_id)
            found.add(comment_id)
    return found


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
    delta = difference(contributions(session.connection(), ids), before)
    if delta:  # with the savepoints open at the time (innermost last)
        session.info.setdefault(_DELTAS, []).append((tuple(session.info.get(_SAVEPOINTS, ())), delta))
    session.info[_CHANGED] = True


def _after_transaction_create(session: Session, transaction: SessionTransaction) -> None:
    # Sent after a savepoint's own opening flush, which so belongs to the level above.
    if transaction.parent is None:
        session.info[_ROOT] = transaction
        session.info[_SAVEPOINTS] = []
    elif transaction.nested:
        session.info.setdefault(_SAVEPOINTS, []).append(transaction)


def _after_soft_rollback(session: Session, previous: SessionTransaction) -> None:
    # A savepoint (or the whole transaction) rolled back: its flushes' changes never happened.
    if previous is session.info.get(_ROOT):
        session.info.pop(_DELTAS, None)
    elif previous.nested:
        kept = [(opened, d) for opened, d in session.info.get(_DELTAS, []) if previous not in opened]
        session.info[_DELTAS] = kept


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    # A transaction's links to its parent are cleared when it ends: compare with what was recorded.
    if transaction is session.info.get(_ROOT):  # however it ended (closing a session rolls back too)
        for key in (_ROOT, _SAVEPOINTS, _DELTAS, _CHANGED):
            session.info.pop(key, None)
    elif transaction in session.info.get(_SAVEPOINTS, ()):
        session.info[_SAVEPOINTS].remove(transaction)


def _merged(deltas: list[tuple[object, Cells]]) -> Cells:
    total: Cells = {}
    for _transaction, delta in deltas:
        for cell, (records, key_sum) in delta.items():
            cell_total = total.setdefault(cell, [0, 0])
            cell_total[0] += records
            cell_total[1] += key_sum
    return {cell: v for cell, v in total.items() if v != [0, 0]}


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
    # Once per transaction and last, so the shared rows are locked only for the commit itself.
    # Flush first: the commit's own flush comes after this hook. Sent for a savepoint's release
    # too: the cubes wait for the outermost commit (a release may still be undone by its parent).
    session.flush()
    if session.get_nested_transaction() is not None:
        return
    delta = _merged(session.info.pop(_DELTAS, []))
    if session.info.pop(_CHANGED, False) or delta:
        apply_cells_and_bump(session.connection(), delta)


def _after_rollback(session: Session) -> None:
    # Also sent when a savepoint rolls back: what the levels above hold is kept
    # (_after_soft_rollback drops what the rolled-back level held).
    session.info.pop(_STATE, None)


def install() -> None:
    """Listen on every session (idempotent)."""
    for name, listener in (
        ("before_flush", _before_flush),
        ("after_flush", _after_flush),
        ("do_orm_execute", _on_bulk),
        ("before_commit", _before_commit),
        ("after_rollback", _after_rollback),
        ("after_soft_rollback", _after_soft_rollback),
        ("after_transaction_create", _after_transaction_create),
        ("after_transaction_end", _after_transaction_end),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
