"""Re-score stored comments in batches after a model or codebook change."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from feedback.capture.scoring import analyse_comments, get_analyser
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


def rescore_all(
    *,
    factory: sessionmaker[Session],
    batch_size: int = DEFAULT_BATCH,
    only_stale: bool = False,
    progress: Progress | None = None,
) -> int:
    """Re-analyse comments batch by batch, one transaction each, in bounded memory; return the count."""
    with factory() as session:
        total = count_stale(session=session, only_stale=only_stale)
        version = get_analyser(session).version
    done, last_id = 0, 0
    while True:
        with factory() as session, session.begin():
            query = (
                select(Comment)
                .where(Comment.id > last_id)
                .order_by(Comment.id)
                .limit(batch_size)
                .options(selectinload(Comment.themes))
            )
            if only_stale:
                query = query.where(
                    (Comment.analysis_version != version) | Comment.analysis_version.is_(None)
                )
            batch = list(session.scalars(query))
            if not batch:
                break
            flagged_before = {c.id for c in batch if c.safeguarding}
            analyse_comments(session=session, comments=batch)
            for comment in batch:
                if comment.safeguarding and comment.id not in flagged_before:
                    raise_alert(session=session, submission=comment.submission, comment=comment)
            last_id = batch[-1].id
            done += len(batch)
        if progress is not None:
            progress(done, total)
    return done
