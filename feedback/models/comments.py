"""Comments with their stored analysis, the theme codebook and its links, and safeguarding alerts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from analysis.disclosure import new_record_key
from feedback.models.base import Base, utcnow

if TYPE_CHECKING:  # relationships across modules resolve by name at run time
    from feedback.models.capture import Submission


class Comment(Base):
    """A free-text answer with the analysis stored when it was written."""

    __tablename__ = "comment"
    __table_args__ = (
        Index("ix_comment_sentiment", "sentiment"),
        # Covers the overview's grouped counts (migration 0002).
        Index(
            "ix_comment_submission_summary",
            "submission_id",
            "safeguarding",
            "question_type",
            "sentiment",
            "human_sentiment",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(60))
    question_type: Mapped[str] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)  # kept only for the retention period
    redacted_text: Mapped[str] = mapped_column(Text, default="")
    sentiment: Mapped[str | None] = mapped_column(String(10))
    sentiment_score: Mapped[float | None] = mapped_column(Float)
    safeguarding: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    safeguarding_risk: Mapped[float | None] = mapped_column(Float)  # 0..1, ranks the reading queue
    flag_decided_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))  # a person flagged/cleared
    flag_decided_at: Mapped[dt.datetime | None]
    read_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))  # first read by a person
    read_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    analysis_version: Mapped[str | None] = mapped_column(String(200))  # model, encoder, heads, codebook
    human_sentiment: Mapped[str | None] = mapped_column(String(10))
    labelled_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    labelled_at: Mapped[dt.datetime | None]
    quote_approved: Mapped[bool] = mapped_column(Boolean, default=False)
    quote_approved_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    quote_approved_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)  # disclosure control

    submission: Mapped[Submission] = relationship(back_populates="comments")
    themes: Mapped[list[CommentTheme]] = relationship(cascade="all, delete-orphan")


class Theme(Base):
    """A codebook theme: id, name, description and the phrases that suggest it."""

    __tablename__ = "theme"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    phrases: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CommentTheme(Base):
    """A theme given to a comment, by a rule, a model or a person."""

    __tablename__ = "comment_theme"

    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[str] = mapped_column(ForeignKey("theme.id"), primary_key=True, index=True)
    source: Mapped[str] = mapped_column(String(10))  # rule, model, human
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    rejected: Mapped[bool] = mapped_column(Boolean, default=False)
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    confirmed_at: Mapped[dt.datetime | None]


class SafeguardingAlert(Base):
    """A possible disclosure or a request for help, routed to people until someone records a review."""

    __tablename__ = "safeguarding_alert"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(10))  # flag (detector or person), help (asked for help)
    raised_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))  # None: the detector
    raised_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    outcome: Mapped[str | None] = mapped_column(String(30))
    referred_to: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
