"""Comment queries for the explorer: filtered in SQL, paged, scoped to what the viewer may see.

Sentiment shown is a person's correction when there is one (``COALESCE(human_sentiment,
sentiment)``); themes shown are those not rejected by a person. Text search runs on the
redacted text only, case-insensitively, as a substring, through the search index of each database
(feedback.search_index). Pages follow one another by keyset (newest first, then by id), never by
OFFSET, and the count the explorer shows stops at COUNT_CAP.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from feedback.access import NotAllowedError, Viewer
from feedback.filters import ReviewFilter, submission_conditions
from feedback.models import Activity, Comment, CommentTheme, Submission, Theme
from feedback.search_index import contains_text

MAX_PAGE_SIZE = 200
MAX_SEARCH = 200
COUNT_CAP = 10_000
SEARCH_COUNT_CAP = 1_000  # a text search counts fewer: each match is checked in the index


@dataclass(frozen=True)
class CommentFilter:
    """The explorer's filters: the review filters plus theme, sentiment, text and flags."""

    review: ReviewFilter = field(default_factory=ReviewFilter)
    theme_ids: tuple[str, ...] = ()
    sentiments: tuple[str, ...] = ()
    search: str = ""
    safeguarding: bool | None = None  # None: any; False: not flagged; True: flagged only
    quote_permission: bool | None = None
    quote_approved: bool | None = None
    unthemed: bool = False  # only comments with no theme left after coding


@dataclass(frozen=True)
class ThemeLink:
    """A theme given to a comment and why."""

    theme_id: str
    name: str
    source: str
    evidence: tuple[str, ...]
    confirmed: bool


@dataclass(frozen=True)
class CommentRow:
    """One comment as the explorer shows it (raw text only when asked for and allowed)."""

    id: int
    created_at: dt.datetime
    locality: str
    channel: str
    stakeholder_group: str
    question_type: str
    redacted_text: str
    sentiment: str | None
    auto_sentiment: str | None
    sentiment_score: float | None
    human_sentiment: str | None
    labelled_at: dt.datetime | None
    safeguarding: bool
    quote_permission: bool
    quote_approved: bool
    activity_title: str | None
    themes: tuple[ThemeLink, ...] = ()
    text: str | None = None
    submission_id: str = ""
    analysis_pending: bool = False  # saved; the model's analysis has not been stored yet


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the last row's submission time and comment id (the keyset)."""

    created_at: dt.datetime
    comment_id: int


@dataclass(frozen=True)
class CommentPage:
    """One page of comments, how many match (up to COUNT_CAP, or SEARCH_COUNT_CAP with a search) and
    where the next page starts."""

    rows: tuple[CommentRow, ...]
    total: int
    page_size: int
    next_after: Cursor | None = None  # None: this is the last page
    capped: bool = False  # more than COUNT_CAP match; total is COUNT_CAP

    @property
    def pages(self) -> int:
        """How many pages the counted comments fill (at least one)."""
        return max(1, -(-self.total // self.page_size))


def sentiment_shown() -> ColumnElement[str | None]:
    """The sentiment everyone sees: the human label when there is one, else the stored analysis."""
    return func.coalesce(Comment.human_sentiment, Comment.sentiment)


def kept_theme() -> ColumnElement[bool]:
    """A comment-theme link that still counts (not rejected by a person)."""
    return CommentTheme.rejected.is_(False)


def filter_conditions(filters: CommentFilter, viewer: Viewer) -> list[ColumnElement[bool]]:
    """SQL conditions for the filters within the viewer's scope (needs Comment joined to Submission)."""
    conditions = submission_conditions(filters.review)
    if viewer.locality_scope is not None:
        conditions.append(Submission.locality == viewer.locality_scope)
    if not viewer.is_coder:
        conditions.append(Comment.safeguarding.is_(False))  # reviewers never see flagged comments
    if filters.theme_ids:
        conditions.append(
            exists().where(
                CommentTheme.comment_id == Comment.id,
                CommentTheme.theme_id.in_(filters.theme_ids),
                kept_theme(),
            )
        )
    if filters.unthemed:
        conditions.append(~exists().where(CommentTheme.comment_id == Comment.id, kept_theme()))
    if filters.sentiments:
        conditions.append(sentiment_shown().in_(filters.sentiments))
    search = filters.search.strip()[:MAX_SEARCH]
    if search:
        conditions.append(contains_text(search))
    if filters.safeguarding is not None:
        conditions.append(Comment.safeguarding.is_(filters.safeguarding))
    if filters.quote_permission is not None:
        conditions.append(Submission.quote_permission.is_(filters.quote_permission))
    if filters.quote_approved is not None:
        conditions.append(Comment.quote_approved.is_(filters.quote_approved))
    return conditions


def _base(filters: CommentFilter, viewer: Viewer, *columns: object) -> Select:
    return (
        select(*columns)
        .select_from(Comment)
        .join(Submission, Comment.submission_id == Submission.id)
        .where(and_(True, *filter_conditions(filters, viewer)))
    )


def count_comments(
    *, session: Session, filters: CommentFilter, viewer: Viewer, cap: int | None = None
) -> int:
    """How many comments match the filters within the viewer's scope (at most ``cap + 1`` counted)."""
    if cap is None:
        return session.scalar(_base(filters, viewer, func.count(Comment.id))) or 0
    found = _base(filters, viewer, Comment.id).limit(cap + 1).subquery()
    return session.scalar(select(func.count()).select_from(found)) or 0


def after_cursor(cursor: Cursor) -> ColumnElement[bool]:
    """Rows after the cursor in the explorer's order (newest first, then highest id)."""
    return and_(
        Submission.created_at <= cursor.created_at,
        or_(
            Submission.created_at < cursor.created_at,
            Comment.id < cursor.comment_id,
        ),
    )


def themes_for(*, session: Session, comment_ids: Sequence[int]) -> dict[int, tuple[ThemeLink, ...]]:
    """The kept themes of some comments, with names and evidence, in one query."""
    if not comment_ids:
        return {}
    query = (
        select(CommentTheme, Theme.name)
        .join(Theme, Theme.id == CommentTheme.theme_id)
        .where(CommentTheme.comment_id.in_(list(comment_ids)), kept_theme())
        .order_by(CommentTheme.comment_id, Theme.name)
    )
    found: dict[int, list[ThemeLink]] = {}
    for link, name in session.execute(query):
        found.setdefault(link.comment_id, []).append(
            ThemeLink(link.theme_id, name, link.source, tuple(link.evidence or ()), link.confirmed)
        )
    return {i: tuple(v) for i, v in found.items()}


def list_comments(
    *,
    session: Session,
    filters: CommentFilter,
    viewer: Viewer,
    after: Cursor | None = None,
    page_size: int = 25,
    include_raw: bool = False,
) -> CommentPage:
    """One page of matching comments, newest first; raw text only for coders who ask for it.

    Args:
        session: an open session.
        filters: what to narrow to.
        viewer: who is asking; locality leads see only their own locality.
        after: where the previous page ended (None: the first page).
        page_size: comments per page (at most 200).
        include_raw: also return the text as given (locality leads and admins only).

    Returns:
        The page of rows, the number of matches counted up to COUNT_CAP, and the next cursor.
    """
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    cap = SEARCH_COUNT_CAP if filters.search.strip() else COUNT_CAP
    total = count_comments(session=session, filters=filters, viewer=viewer, cap=cap)
    query = (
        _base(filters, viewer, Comment, Submission, Activity.title)
        .outerjoin(Activity, Activity.id == Submission.activity_id)
        .order_by(Submission.created_at.desc(), Comment.id.desc())
        .limit(page_size + 1)
    )
    if after is not None:
        query = query.where(after_cursor(after))
    found = session.execute(query).all()
    more, found = len(found) > page_size, found[:page_size]
    themes = themes_for(session=session, comment_ids=[c.id for c, _, _ in found])
    raw = include_raw and viewer.is_coder
    rows = tuple(_row(c, s, title, themes.get(c.id, ()), raw) for c, s, title in found)
    last = found[-1] if found and more else None
    return CommentPage(
        rows=rows,
        total=min(total, cap),
        page_size=page_size,
        next_after=Cursor(last[1].created_at, last[0].id) if last else None,
        capped=total > cap,
    )


def _row(
    comment: Comment, submission: Submission, title: str | None, themes: tuple[ThemeLink, ...], raw: bool
) -> CommentRow:
    return CommentRow(
        id=comment.id,
        created_at=submission.created_at,
        locality=submission.locality,
        channel=submission.channel,
        stakeholder_group=submission.stakeholder_group,
        question_type=comment.question_type,
        redacted_text=comment.redacted_text,
        sentiment=comment.human_sentiment or comment.sentiment,
        auto_sentiment=comment.sentiment,
        sentiment_score=comment.sentiment_score,
        human_sentiment=comment.human_sentiment,
        labelled_at=comment.labelled_at,
        safeguarding=comment.safeguarding,
        quote_permission=submission.quote_permission,
        quote_approved=comment.quote_approved,
        activity_title=title,
        themes=themes,
        text=comment.text if raw else None,
        submission_id=submission.id,
        analysis_pending=comment.analysis_version is None,
    )


def comment_in_scope(*, session: Session, comment_id: int, viewer: Viewer) -> tuple[Comment, Submission]:
    """A comment and its submission, when the viewer may code it; else NotAllowedError."""
    viewer.require("code_comments")
    found = session.execute(
        select(Comment, Submission)
        .join(Submission, Comment.submission_id == Submission.id)
        .where(Comment.id == comment_id)
    ).first()
    if found is None:
        raise NotAllowedError("That comment no longer exists.")
    comment, submission = found
    if not viewer.may_see_locality(submission.locality):
        raise NotAllowedError("That comment belongs to another locality.")
    return comment, submission
