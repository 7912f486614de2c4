"""Gather what a 'you said, we did' document needs for one locality and period, publishable only.

Themes heard are counted in SQL over comments not flagged for safeguarding (kept themes only) and
their counts pass small-number suppression; quotes are approved, permitted and redacted; actions
are those of the locality (and area-wide ones) live in the period. No raw text is ever read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.params import ACTION_STATUSES, LOCALITIES
from analysis.suppression import clamp_k, suppress_count
from feedback.action_list import WIDE, actions_in_period
from feedback.comments import kept_theme
from feedback.models import Comment, CommentTheme, Partner, Submission, Theme
from feedback.quotes import approved_quotes

MAX_QUOTES = 12


@dataclass(frozen=True)
class ThemeHeard:
    """A theme people raised, with its comment count as it may be published (an int or ``[c]``)."""

    theme_id: str
    name: str
    comments: int | str


@dataclass(frozen=True)
class ActionLine:
    """An action as the public document shows it."""

    theme: str | None
    heard: str
    will_do: str
    status: str
    status_label: str
    status_reason: str
    we_did: str
    owner: str | None
    due_date: dt.date | None


@dataclass(frozen=True)
class YouSaidWeDid:
    """Everything the document holds for one locality and period."""

    locality: str
    locality_label: str
    start: dt.date
    end: dt.date
    k: int
    themes: tuple[ThemeHeard, ...]
    quotes: tuple[str, ...]
    actions: tuple[ActionLine, ...]


def _localities(locality: str) -> tuple[str, ...]:
    """The comment localities a document covers: all of them for the area-wide one."""
    return tuple(LOCALITIES) if locality == WIDE else (locality,)


def themes_heard(
    *, session: Session, locality: str, start: dt.date, end: dt.date, k: int
) -> list[ThemeHeard]:
    """Comment counts per kept theme, most raised first, suppressed below k (flagged comments left out)."""
    end_at = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.UTC)
    start_at = dt.datetime.combine(start, dt.time(), dt.UTC)
    query = (
        select(Theme.id, Theme.name, func.count(func.distinct(Comment.id)))
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
        .group_by(Theme.id, Theme.name)
        .order_by(func.count(func.distinct(Comment.id)).desc(), Theme.name)
    )
    return [ThemeHeard(theme_id, name, suppress_count(n, k)) for theme_id, name, n in session.execute(query)]


def gather(
    *, session: Session, locality: str, start: dt.date, end: dt.date, k: int | None = None
) -> YouSaidWeDid:
    """The themes heard, approved quotes and actions for a locality and period (all publishable).

    Args:
        session: an open session.
        locality: a locality id; ``south_lanarkshire_wide`` covers every locality.
        start: first day of the period.
        end: last day of the period (inclusive).
        k: the suppression threshold (clamped; 10 when None).

    Returns:
        The document's content.
    """
    kk = clamp_k(k)
    quotes = approved_quotes(
        session=session, localities=_localities(locality), start=start, end=end, limit=MAX_QUOTES
    )
    action_localities = tuple(LOCALITIES) if locality == WIDE else (locality, WIDE)
    owners = dict(session.execute(select(Partner.id, Partner.name)).all())
    theme_names = dict(session.execute(select(Theme.id, Theme.name)).all())
    actions = tuple(
        ActionLine(
            theme=theme_names.get(a.theme_id) if a.theme_id else None,
            heard=a.heard,
            will_do=a.will_do,
            status=a.status,
            status_label=ACTION_STATUSES.get(a.status, a.status),
            status_reason=a.status_reason,
            we_did=a.we_did,
            owner=owners.get(a.owner_partner_id),
            due_date=a.due_date,
        )
        for a in actions_in_period(session=session, localities=action_localities, start=start, end=end)
    )
    return YouSaidWeDid(
        locality=locality,
        locality_label=LOCALITIES.get(locality, locality),
        start=start,
        end=end,
        k=kk,
        themes=tuple(themes_heard(session=session, locality=locality, start=start, end=end, k=kk)),
        quotes=tuple(q.text for q in quotes),
        actions=actions,
    )
