"""Comments saved with their model analysis pending, and the pass that completes it.

A save stores the typed text at once with the fast rule-based first look (redaction, the
safeguarding and theme rules; scoring.apply_screen), so nothing typed waits for the model and a
disclosure the rules catch raises its alert in the same transaction. The model's analysis
(sentiment, the semantic safeguarding detector) follows in a second short transaction; a
disclosure only the model catches raises its alert then. A pending comment is one whose
``analysis_version`` is NULL, so a comment left pending by a killed process is found again by
the next pass (see analysis_worker) or by a re-score.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from feedback.capture.rescore import store_results
from feedback.capture.scoring import analyse_texts
from feedback.db import write
from feedback.models import Comment, utcnow

BATCH = 50
T = TypeVar("T")


def run_here(step: Callable[[], T]) -> T:
    """Run a step in the calling thread (the default way to run analyse_pending's writes)."""
    return step()


def is_pending() -> ColumnElement[bool]:
    """Comments whose model analysis has not been stored yet (and that have text to analyse)."""
    return Comment.analysis_version.is_(None) & or_(Comment.text.is_not(None), Comment.redacted_text != "")


def count_pending(*, session: Session) -> int:
    """How many comments still wait for their model analysis."""
    return session.scalar(select(func.count()).select_from(Comment).where(is_pending())) or 0


def _read_batch(
    session: Session, *, ids: Sequence[int] | None, after_id: int, older_than: dt.timedelta | None
) -> list:
    query = select(Comment.id, Comment.text, Comment.redacted_text, Comment.question_type).where(
        is_pending(), Comment.id > after_id
    )
    if ids is not None:
        query = query.where(Comment.id.in_(list(ids)))
    if older_than is not None:
        query = query.where(Comment.created_at <= utcnow() - older_than)
    return list(session.execute(query.order_by(Comment.id).limit(BATCH)).all())


def analyse_pending(
    *,
    factory: sessionmaker[Session],
    ids: Sequence[int] | None = None,
    older_than: dt.timedelta | None = None,
    progress: Callable[[int], None] | None = None,
    run_write: Callable[[Callable[[], None]], None] = run_here,
) -> list[int]:
    """Run the model on pending comments (these ids, or all) and store it; return the ids done.

    Each batch is analysed with no lock held, then written in its own short transaction, which
    keeps every human decision and every flag and raises an alert for a comment newly flagged.

    Args:
        factory: the session factory.
        ids: only these comments (the ones a save just stored); None: every pending comment.
        older_than: only comments at least this old (a timed sweep leaves fresh saves to their
            own process).
        progress: called with how many comments are done so far, after each batch.
        run_write: runs each batch's write; the analysis worker passes a thread at normal CPU
            priority, so its low-priority thread never holds the write lock while starved.
    """
    done: list[int] = []
    last_id = 0
    while True:
        with factory() as session:
            rows = _read_batch(session, ids=ids, after_id=last_id, older_than=older_than)
            if not rows:
                return done
            results = analyse_texts(
                session=session,
                texts=[r.text if r.text else r.redacted_text for r in rows],
                question_types=[r.question_type for r in rows],
            )
        by_id = {r.id: (res, not r.text) for r, res in zip(rows, results, strict=True)}
        run_write(lambda b=by_id: write(factory, lambda s: store_results(s, b)))
        done.extend(by_id)
        last_id = rows[-1].id
        if progress:
            progress(len(done))
