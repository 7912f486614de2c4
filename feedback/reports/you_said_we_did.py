"""Gather what a 'you said, we did' document needs for one locality and period, publishable only.

Themes heard are counted in SQL over comments not flagged for safeguarding (kept themes only, the
sentiment a person set when there is one); quotes are approved, permitted and redacted; actions are
those of the locality (and area-wide ones) live in the period. No raw text is ever read.
:func:`analysis.you_said_we_did.build_you_said_we_did` suppresses the counts and lays it out.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.disclosure import KEY_SPACE
from analysis.params import LOCALITIES, SENTIMENTS
from analysis.suppression import clamp_k
from analysis.you_said_we_did import YouSaidWeDid, build_you_said_we_did
from feedback.dates import day_after, day_start
from feedback.models import Comment, CommentTheme, Partner, Submission, Theme
from feedback.reports.published_text import redact_published
from feedback.review.action_list import WIDE, actions_in_period
from feedback.review.comments import kept_theme, sentiment_shown, themes_for
from feedback.review.quotes import approved_quotes

MAX_QUOTES = 12
ACTION_COLUMNS = ("heard", "will_do", "owner_partner", "due_date", "status", "reason", "we_did_text")


def _localities(locality: str) -> tuple[str, ...]:
    """The comment localities a document covers: all of them for the area-wide one."""
    return tuple(LOCALITIES) if locality == WIDE else (locality,)


def _period(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (
        day_start(start),
        day_after(end),
    )


def themes_frame(*, session: Session, locality: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Comments per kept theme by shown sentiment (columns theme, positive, neutral, negative and their
    cell keys positive_key...), unflagged.

    Counts are raw here; :func:`analysis.you_said_we_did.build_you_said_we_did` publishes them.
    """
    start_at, end_at = _period(start, end)
    label = func.coalesce(sentiment_shown(), "neutral")
    query = (
        select(Theme.name, label, func.count(Comment.id), func.sum(Comment.record_key))
        .select_from(CommentTheme)
        .join(Comment, Comment.id == CommentTheme.comment_id)
        .join(Submission, Submission.id == Comment.submission_id)
        .join(Theme, Theme.id == CommentTheme.theme_id)
        .where(
            kept_theme(),
            Comment.safeguarding.is_(False),
            Submission.locality.in_(_localities(locality)),
            Submission.created_at >= start_at,
            Submission.created_at < end_at,
        )
        .group_by(Theme.name, label)
    )
    rows = pd.DataFrame(
        [tuple(r) for r in session.execute(query)], columns=["theme", "sentiment", "n", "key"]
    )
    keys = [f"{s}_key" for s in SENTIMENTS]
    if rows.empty:
        return pd.DataFrame(columns=["theme", *SENTIMENTS, *keys])
    rows["key"] = rows["key"].astype("int64") % KEY_SPACE
    tables = []
    for value, names in (("n", list(SENTIMENTS)), ("key", keys)):
        table = rows.pivot_table(
            index="theme", columns="sentiment", values=value, aggfunc="sum", fill_value=0
        )
        table = table.reindex(columns=list(SENTIMENTS), fill_value=0).astype("int64")
        tables.append(table.set_axis(names, axis=1))
    return pd.concat(tables, axis=1).reset_index().rename_axis(columns=None)


def quote_pairs(*, session: Session, locality: str, start: dt.date, end: dt.date) -> list[tuple[str, str]]:
    """Approved, permitted, redacted quotes with the name of one of their kept themes."""
    quotes = approved_quotes(
        session=session, localities=_localities(locality), start=start, end=end, limit=MAX_QUOTES
    )
    named = themes_for(session=session, comment_ids=[q.comment_id for q in quotes])
    return [(q.text, named[q.comment_id][0].name if named.get(q.comment_id) else "") for q in quotes]


def actions_table(*, session: Session, locality: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The locality's (and area-wide) actions live in the period, in the writer's columns, text redacted."""
    localities = tuple(LOCALITIES) if locality == WIDE else (locality, WIDE)
    owners = {i: name for i, name in session.execute(select(Partner.id, Partner.name))}
    rows = [
        (
            redact_published(a.heard),
            redact_published(a.will_do),
            owners.get(a.owner_partner_id, ""),
            a.due_date,
            a.status,
            redact_published(a.status_reason),
            redact_published(a.we_did),
        )
        for a in actions_in_period(session=session, localities=localities, start=start, end=end)
    ]
    return pd.DataFrame(rows, columns=list(ACTION_COLUMNS), dtype=object)


def gather(
    *, session: Session, locality: str, start: dt.date, end: dt.date, k: int | None = None
) -> YouSaidWeDid:
    """The 'you said, we did' summary for a locality and period, ready for the DOCX and Markdown writers.

    Args:
        session: an open session.
        locality: a locality id; ``south_lanarkshire_wide`` covers every locality.
        start: first day of the period.
        end: last day of the period (inclusive).
        k: the suppression threshold (clamped; 10 when None).

    Returns:
        The summary, its comment counts suppressed.
    """
    return build_you_said_we_did(
        themes_frame(session=session, locality=locality, start=start, end=end),
        quote_pairs(session=session, locality=locality, start=start, end=end),
        actions_table(session=session, locality=locality, start=start, end=end),
        locality=LOCALITIES.get(locality, locality),
        start=start,
        end=end,
        k=clamp_k(k),
    )
