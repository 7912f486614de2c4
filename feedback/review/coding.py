"""Human coding: confirm or correct a comment's themes and sentiment, one at a time or in bulk.

A person's decision is stored beside the automatic result (``human_sentiment``; theme links marked
confirmed or rejected, or added with source ``human``), with who and when. Re-scoring keeps it,
and every page shows it in place of the automatic result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from analysis.exports import neutralise_frame
from analysis.params import SENTIMENTS
from feedback.access import Viewer
from feedback.admin import audit
from feedback.models import Comment, CommentTheme, Submission, Theme, utcnow
from feedback.review.comments import comment_in_scope, kept_theme
from feedback.validation import ValidationError

LABELLED_COLUMNS: tuple[str, ...] = ("text", "question_type", "sentiment", "themes")
MAX_BULK = 500


def _check(session: Session, sentiment: str | None, theme_ids: Iterable[str]) -> None:
    errors: dict[str, str] = {}
    if sentiment is not None and sentiment not in SENTIMENTS:
        errors["sentiment"] = f"Choose a sentiment: {', '.join(SENTIMENTS)}."
    wanted = set(theme_ids)
    if wanted:
        known = set(session.scalars(select(Theme.id).where(Theme.id.in_(wanted), Theme.active.is_(True))))
        unknown = sorted(wanted - known)
        if unknown:
            errors["themes"] = f"These themes are not in the codebook: {', '.join(unknown)}."
    if errors:
        raise ValidationError(errors)


def _label_sentiment(comment: Comment, sentiment: str, user_id: int | None) -> None:
    comment.human_sentiment = sentiment
    comment.labelled_by = user_id
    comment.labelled_at = utcnow()


def _decide(comment: Comment, theme_id: str, keep: bool, user_id: int | None) -> None:
    """Confirm (keep) or reject one theme on a comment, adding a human link when it is new."""
    link = next((t for t in comment.themes if t.theme_id == theme_id), None)
    if link is None:
        if not keep:
            return
        link = CommentTheme(theme_id=theme_id, source="human", evidence=[])
        comment.themes.append(link)
    link.confirmed = keep
    link.rejected = not keep
    link.confirmed_by = user_id
    link.confirmed_at = utcnow()


def code_comment(
    *,
    session: Session,
    comment_id: int,
    viewer: Viewer,
    sentiment: str | None = None,
    theme_ids: Sequence[str] | None = None,
) -> Comment:
    """Store a person's coding of one comment.

    Args:
        session: an open session (the caller commits).
        comment_id: the comment to code.
        viewer: who codes; a locality lead only within their locality.
        sentiment: the right sentiment, or None to leave it.
        theme_ids: the full, right set of themes (others are rejected), or None to leave them.

    Returns:
        The coded comment.
    """
    comment, _ = comment_in_scope(session=session, comment_id=comment_id, viewer=viewer)
    _check(session, sentiment, theme_ids or ())
    if sentiment is not None:
        _label_sentiment(comment, sentiment, viewer.user_id)
    if theme_ids is not None:
        wanted = set(theme_ids)
        for theme_id in sorted(wanted | {t.theme_id for t in comment.themes}):
            _decide(comment, theme_id, theme_id in wanted, viewer.user_id)
    session.flush()
    audit.record(
        session=session,
        user_id=viewer.user_id,
        event="comment.code",
        object_type="comment",
        object_id=comment.id,
        detail={"sentiment": sentiment, "themes": sorted(theme_ids or [])},
    )
    return comment


def bulk_code(
    *,
    session: Session,
    comment_ids: Sequence[int],
    viewer: Viewer,
    sentiment: str | None = None,
    add_theme_ids: Sequence[str] = (),
    remove_theme_ids: Sequence[str] = (),
    confirm: bool = False,
) -> int:
    """Code a selection of comments the same way; return how many were coded.

    Args:
        session: an open session (the caller commits).
        comment_ids: the selection (at most 500).
        viewer: who codes; every comment must be within their scope.
        sentiment: a sentiment to set on all, or None.
        add_theme_ids: themes to confirm (or add) on all.
        remove_theme_ids: themes to reject on all.
        confirm: also confirm what is shown now (sentiment and kept themes) where not decided.

    Returns:
        The number of comments coded.
    """
    ids = list(dict.fromkeys(comment_ids))
    if not ids:
        raise ValidationError({"selection": "Select at least one comment first."})
    if len(ids) > MAX_BULK:
        raise ValidationError({"selection": f"Select at most {MAX_BULK} comments at a time."})
    overlap = set(add_theme_ids) & set(remove_theme_ids)
    if overlap:
        raise ValidationError(
            {"themes": "A theme cannot be both added and removed: " + ", ".join(sorted(overlap)) + "."}
        )
    _check(session, sentiment, [*add_theme_ids, *remove_theme_ids])
    for comment_id in ids:
        comment, _ = comment_in_scope(session=session, comment_id=comment_id, viewer=viewer)
        if sentiment is not None:
            _label_sentiment(comment, sentiment, viewer.user_id)
        elif confirm and comment.human_sentiment is None and comment.sentiment is not None:
            _label_sentiment(comment, comment.sentiment, viewer.user_id)
        for theme_id in add_theme_ids:
            _decide(comment, theme_id, True, viewer.user_id)
        for theme_id in remove_theme_ids:
            _decide(comment, theme_id, False, viewer.user_id)
        if confirm:
            for link in list(comment.themes):
                if not link.rejected and not link.confirmed:
                    _decide(comment, link.theme_id, True, viewer.user_id)
    session.flush()
    audit.record(
        session=session,
        user_id=viewer.user_id,
        event="comment.bulk_code",
        object_type="comment",
        detail={
            "count": len(ids),
            "sentiment": sentiment,
            "added": sorted(add_theme_ids),
            "removed": sorted(remove_theme_ids),
            "confirm": confirm,
        },
    )
    return len(ids)


def _human_touched() -> object:
    touched = exists().where(
        CommentTheme.comment_id == Comment.id,
        or_(
            CommentTheme.confirmed.is_(True), CommentTheme.rejected.is_(True), CommentTheme.source == "human"
        ),
    )
    return or_(Comment.human_sentiment.is_not(None), touched)


def labelled_frame(session: Session, *, locality: str | None = None, batch_size: int = 1000) -> pd.DataFrame:
    """Human-labelled comments as training rows: text (REDACTED), question_type, sentiment, themes.

    Only comments a person coded, never safeguarding-flagged ones. ``sentiment`` is the label shown
    (the person's when given), ``themes`` the kept theme ids joined by ``|``. Read in batches.
    """
    query = (
        select(
            Comment.id,
            Comment.redacted_text,
            Comment.question_type,
            Comment.human_sentiment,
            Comment.sentiment,
        )
        .join(Submission, Comment.submission_id == Submission.id)
        .where(_human_touched(), Comment.safeguarding.is_(False))
        .order_by(Comment.id)
    )
    if locality is not None:
        query = query.where(Submission.locality == locality)
    rows: list[tuple[str, str, str, str]] = []
    last_id = 0
    while True:
        chunk = session.execute(query.where(Comment.id > last_id).limit(batch_size)).all()
        if not chunk:
            break
        last_id = chunk[-1].id
        themes = _kept_theme_ids(session, [r.id for r in chunk])
        for r in chunk:
            label = r.human_sentiment or r.sentiment or ""
            rows.append((r.redacted_text, r.question_type, label, "|".join(themes.get(r.id, []))))
    return pd.DataFrame(rows, columns=list(LABELLED_COLUMNS))


def labelled_csv(frame: pd.DataFrame) -> bytes:
    """The labelled comments as UTF-8 CSV for ``python -m analysis train``, every cell a spreadsheet
    could run (starting with = + - @, a tab or a return) neutralised with a leading '."""
    return (
        neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8")
    )  # quotes a lone \r


def _kept_theme_ids(session: Session, comment_ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    query = (
        select(CommentTheme.comment_id, CommentTheme.theme_id)
        .where(CommentTheme.comment_id.in_(list(comment_ids)), kept_theme())
        .order_by(CommentTheme.comment_id, CommentTheme.theme_id)
    )
    for comment_id, theme_id in session.execute(query):
        found.setdefault(comment_id, []).append(theme_id)
    return found
