"""Store checked rows in batches: analyse every comment first (same pipeline as the kiosk), then one
short write per batch that inserts only the rows not already stored and raises their alerts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from analysis.disclosure import new_record_key
from analysis.pipeline import Screen
from feedback.admin import audit
from feedback.capture.scoring import screen_texts
from feedback.db import write
from feedback.imports.rows import PreparedRow
from feedback.models import Answer, AuditEvent, Comment, CommentTheme, SafeguardingAlert, Submission, utcnow
from feedback.summaries.store import count_inserted

BATCH_ROWS = 5_000
CHANNEL = "import"
MIDDAY = dt.time(12, 0, tzinfo=dt.UTC)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportTarget:
    """Where and by whom: survey, activity, whether it is demo data, the person importing."""

    survey_id: int
    survey_key: str
    activity_id: int
    user_id: int | None
    is_demo: bool = False


@dataclass(frozen=True)
class StoreResult:
    """What a run stored: new responses, rows already stored before, comments flagged for safeguarding."""

    stored: int
    already_stored: int
    flagged: int


def _existing(session: Session, ids: Sequence[str]) -> set[str]:
    return set(session.scalars(select(Submission.id).where(Submission.id.in_(list(ids)))))


def _analyse(session: Session, rows: Sequence[PreparedRow], cache: dict) -> None:
    """The rules' first look (redaction, safeguarding and theme rules) at every distinct text not yet
    in the cache, in one batch; the model's analysis follows the write, as for a saved card."""
    wanted = list(dict.fromkeys(text for r in rows for _, _, text in r.comments))
    wanted = [text for text in wanted if text not in cache]
    cache.update(zip(wanted, screen_texts(session=session, texts=wanted), strict=True))


def _submission_row(row: PreparedRow, target: ImportTarget) -> dict:
    return {
        "id": row.submission_id,
        "channel": CHANNEL,
        "activity_id": target.activity_id,
        "survey_id": target.survey_id,
        "locality": row.locality,
        "stakeholder_group": row.stakeholder_group,
        "consent": True,
        "quote_permission": row.quote_permission,
        "language": row.language,
        "receipt_code": None,
        "help_requested": row.help_requested,
        "is_demo": target.is_demo,
        "created_by": target.user_id,
        "created_at": dt.datetime.combine(row.responded_on, MIDDAY),
    }


def _comment_rows(rows: Sequence[PreparedRow], cache: dict) -> list[tuple[dict, Screen]]:
    out = []
    now = utcnow()
    for row in rows:
        for question, qtype, text in row.comments:
            screen: Screen = cache[text]
            values = {
                "submission_id": row.submission_id,
                "question": question,
                "question_type": qtype,
                "text": text,
                "redacted_text": screen.redacted_text,
                "sentiment": None,
                "sentiment_score": None,
                "safeguarding": screen.safeguarding,
                "safeguarding_risk": screen.safeguarding_risk,
                "analysis_version": None,  # pending: feedback.capture.pending completes it
                "quote_approved": False,
                "created_at": now,
                "record_key": new_record_key(),
            }
            out.append((values, screen))
    return out


def _raise_alerts(connection, wanted: list[tuple[str, int | None]]) -> None:
    """Open an alert per flagged new comment (comment id) or help request (None), audited as raise_alert does."""
    if not wanted:
        return
    now = utcnow()
    table = SafeguardingAlert.__table__
    rows = [
        {
            "submission_id": sid,
            "comment_id": cid,
            "reason": "help" if cid is None else "flag",
            "raised_by": None,
            "raised_at": now,
        }
        for sid, cid in wanted
    ]
    ids = (
        connection.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        .scalars()
        .all()
    )
    events = [
        {
            "at": now,
            "user_id": None,
            "event": f"alert.{r['reason']}",
            "object_type": "alert",
            "object_id": str(i),
            "detail": {},
        }
        for i, r in zip(ids, rows, strict=True)
    ]
    connection.execute(insert(AuditEvent.__table__), events)


def _insert(
    session: Session, rows: Sequence[PreparedRow], target: ImportTarget, cache: dict
) -> tuple[int, int]:
    """Insert the rows not stored yet in the open write transaction; return (stored, flagged)."""
    already = _existing(session, [r.submission_id for r in rows])
    new = [r for r in rows if r.submission_id not in already]
    if not new:
        return 0, 0
    connection = session.connection()  # Core executemany: one statement per table and batch
    connection.execute(insert(Submission.__table__), [_submission_row(r, target) for r in new])
    answers = [
        {"submission_id": r.submission_id, "text": None, "record_key": new_record_key(), **a}
        for r in new
        for a in r.answers
    ]
    if answers:
        connection.execute(insert(Answer.__table__), answers)
    comments = _comment_rows(new, cache)
    flagged = 0
    if comments:
        table = Comment.__table__
        ids = (
            connection.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), [v for v, _ in comments]
            )
            .scalars()
            .all()
        )
        themes = [
            {
                "comment_id": cid,
                "theme_id": m.theme_id,
                "source": m.source,
                "evidence": list(m.evidence),
                "confirmed": False,
                "rejected": False,
            }
            for cid, (_, result) in zip(ids, comments, strict=True)
            for m in result.themes
        ]
        if themes:
            connection.execute(insert(CommentTheme.__table__), themes)
        flagged_ids = [
            (values["submission_id"], cid)
            for cid, (values, _) in zip(ids, comments, strict=True)
            if values["safeguarding"]
        ]
        flagged = len(flagged_ids)
    else:
        flagged_ids = []
    helped = [(r.submission_id, None) for r in new if r.help_requested]
    _raise_alerts(connection, [*flagged_ids, *helped])
    count_inserted(connection, [r.submission_id for r in new])  # Core inserts: the events miss them
    audit.record(
        session=session,
        user_id=target.user_id,
        event="import.rows",
        object_type="activity",
        object_id=target.activity_id,
        detail={"survey": target.survey_key, "stored": len(new), "comments": len(comments)},
    )
    return len(new), flagged


def _store_batch(
    factory: sessionmaker[Session], rows: Sequence[PreparedRow], target: ImportTarget, cache: dict
) -> tuple[int, int]:
    """One short write; a row stored by a parallel import meanwhile is skipped on a second try."""
    try:
        return write(factory, lambda s: _insert(s, rows, target, cache))
    except IntegrityError:
        return write(factory, lambda s: _insert(s, rows, target, cache))


def store_rows(
    *,
    factory: sessionmaker[Session],
    rows: Iterable[PreparedRow],
    target: ImportTarget,
    total: int,
    progress: Progress | None = None,
    batch_rows: int = BATCH_ROWS,
) -> StoreResult:
    """Store checked rows in batches with the rules' first look; rows already stored (same id) are
    skipped. The model's analysis of their comments is left pending (feedback.capture.pending)."""
    stored = already = flagged = done = 0
    cache: dict = {}
    batch: list[PreparedRow] = []

    def flush() -> None:
        nonlocal stored, already, flagged, done
        with factory() as session:
            present = _existing(session, [r.submission_id for r in batch])
            fresh = [r for r in batch if r.submission_id not in present]
            _analyse(session, fresh, cache)
        new, flags = _store_batch(factory, fresh, target, cache) if fresh else (0, 0)
        stored, flagged = stored + new, flagged + flags
        already += len(batch) - new
        done += len(batch)
        batch.clear()
        if len(cache) > 50_000:
            cache.clear()
        if progress:
            progress(done, total)

    for row in rows:
        batch.append(row)
        if len(batch) >= batch_rows:
            flush()
    if batch:
        flush()
    return StoreResult(stored=stored, already_stored=already, flagged=flagged)
