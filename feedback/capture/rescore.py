"""Re-score stored comments in batches after a model or codebook change."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from analysis.pipeline import CommentAnalysis
from feedback.capture.scoring import analyse_texts, apply_analysis, get_analyser
from feedback.db import write
from feedback.models import Comment
from feedback.review.alerts import raise_alert

DEFAULT_BATCH = 500
Progress = Callable[[int, int], None]


def count_stale(*, session: Session, only_stale: bool = True) -> int:
    """How many comments a re-score would touch."""
    query = select(func.count()).select_from(Comment)
    if only_stale:
        version = get_analyser(session).version
        query = query.where((Comment.analysis_version != version) | Comment.analysis_version.is_(None))
    return session.scalar(query) or 0


def _analyse_batch(
    session: Session, *, after_id: int, batch_size: int, version: str | None
) -> tuple[int, int, dict[int, tuple[CommentAnalysis, bool]]]:
    """Read one batch and analyse it (no write lock held): last id read, rows read, results by id."""
    query = (
        select(Comment.id, Comment.text, Comment.redacted_text, Comment.question_type)
        .where(Comment.id > after_id)
        .order_by(Comment.id)
        .limit(batch_size)
    )
    if version is not None:
        query = query.where((Comment.analysis_version != version) | Comment.analysis_version.is_(None))
    rows = session.execute(query).all()
    if not rows:
        return after_id, 0, {}
    usable = [r for r in rows if r.text or r.redacted_text]  # nothing to analyse: left untouched
    results = analyse_texts(
        session=session,
        texts=[r.text if r.text else r.redacted_text for r in usable],
        question_types=[r.question_type for r in usable],
    )
    return rows[-1].id, len(rows), {r.id: (res, not r.text) for r, res in zip(usable, results, strict=True)}


def store_results(session: Session, results: dict[int, tuple[CommentAnalysis, bool]]) -> None:
    """Write analysis results (by comment id, with 'from redacted text'); an erased comment is skipped.

    A comment newly flagged by the model raises its alert in the same transaction.
    """
    comments = session.scalars(
        select(Comment).where(Comment.id.in_(list(results))).options(selectinload(Comment.themes))
    )
    for comment in comments:
        result, from_redacted = results[comment.id]
        flagged_before = bool(comment.safeguarding)
        apply_analysis(comment, result, keep_redacted=from_redacted or not comment.text)
        if comment.safeguarding and not flagged_before:  # newly flagged: it must reach a person
            raise_alert(session=session, submission=comment.submission, comment=comment)


def rescore_all(
    *,
    factory: sessionmaker[Session],
    batch_size: int = DEFAULT_BATCH,
    only_stale: bool = False,
    progress: Progress | None = None,
) -> int:
    """Re-analyse comments batch by batch, in bounded memory; return how many were read.

    Each batch is analysed in a read session, then stored in its own short write transaction.
    Comments whose raw text was purged are analysed from their redacted text, which stays as
    stored; human coding is kept and no safeguarding flag is removed (see scoring.apply_analysis).
    """
    with factory() as session:
        total = count_stale(session=session, only_stale=only_stale)
        version = get_analyser(session).version
    done, last_id = 0, 0
    while True:
        with factory() as session:
            last_id, read, results = _analyse_batch(
                session, after_id=last_id, batch_size=batch_size, version=version if only_stale else None
            )
        if not read:
            break
        if results:
            write(factory, lambda s, r=results: store_results(s, r))
        done += read
        if progress is not None:
            progress(done, total)
    return done
