"""SQLAlchemy 2.x typed models: the data model of design section 2."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from analysis.disclosure import new_record_key


def utcnow() -> dt.datetime:
    """Timezone-aware now, in UTC."""
    return dt.datetime.now(dt.UTC)


def new_uuid() -> str:
    """A fresh random UUID as text."""
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    """Declarative base of every table."""

    type_annotation_map: ClassVar[dict] = {dt.datetime: DateTime(timezone=True)}


class Partner(Base):
    """A member organisation of the partnership."""

    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    sector: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ActivityPartner(Base):
    """A partner present at an activity."""

    __tablename__ = "activity_partner"

    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"), primary_key=True)


class Attendance(Base):
    """How many people of one stakeholder group came to an activity."""

    __tablename__ = "attendance"

    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True)
    stakeholder_group: Mapped[str] = mapped_column(String(40), primary_key=True)
    headcount: Mapped[int] = mapped_column(Integer)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)  # disclosure control


class Activity(Base):
    """A LISTEN event, hub visit, survey session or other engagement."""

    __tablename__ = "activity"
    __table_args__ = (
        Index("ix_activity_locality_date", "locality", "start_date"),
        Index("ix_activity_client_token", "client_token", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    locality: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(200), default="")
    lead_partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"))
    standards: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    outcomes: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Made when the form is shown, so a double tap or a second Save stores one activity.
    client_token: Mapped[str | None] = mapped_column(String(36))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    lead_partner: Mapped[Partner | None] = relationship(foreign_keys=[lead_partner_id])
    partners: Mapped[list[Partner]] = relationship(secondary="activity_partner", order_by=Partner.name)
    attendance: Mapped[list[Attendance]] = relationship(cascade="all, delete-orphan")


class Survey(Base):
    """One version of a survey definition (XLSForm-shaped, stored as JSON)."""

    __tablename__ = "survey"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60))
    version: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    definition: Mapped[dict] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Submission(Base):
    """One person's (or one feedback card's) contribution; the id is made when the form is shown."""

    __tablename__ = "submission"
    __table_args__ = (
        Index("ix_submission_locality_created", "locality", "created_at"),
        # The capture pages' counts per activity and per survey (migration 0003).
        Index("ix_submission_activity_channel", "activity_id", "channel"),
        Index("ix_submission_survey", "survey_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    channel: Mapped[str] = mapped_column(String(20))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="SET NULL"))
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id"))
    locality: Mapped[str] = mapped_column(String(40))
    stakeholder_group: Mapped[str] = mapped_column(String(40), default="not_recorded")
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    quote_permission: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(10), default="en")
    receipt_code: Mapped[str | None] = mapped_column(String(12))
    help_requested: Mapped[bool] = mapped_column(Boolean, default=False)  # picked an "asks for help" choice
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan")
    comments: Mapped[list[Comment]] = relationship(back_populates="submission", cascade="all, delete-orphan")


class Answer(Base):
    """A structured answer (choice, number or text) to one survey question."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("submission_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(60))
    choice: Mapped[str | None] = mapped_column(String(400))  # select_multiple: space-separated
    number: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(Text)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)  # disclosure control


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


class Action(Base):
    """A "you said, we did" action."""

    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    heard: Mapped[str] = mapped_column(Text)
    will_do: Mapped[str] = mapped_column(Text)
    theme_id: Mapped[str | None] = mapped_column(ForeignKey("theme.id"))
    locality: Mapped[str] = mapped_column(String(40))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="SET NULL"))
    owner_partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"))
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    status_reason: Mapped[str] = mapped_column(Text, default="")
    we_did: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    owner_partner: Mapped[Partner | None] = relationship()


class ActionComment(Base):
    """A comment an action answers."""

    __tablename__ = "action_comment"

    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True)


class User(Base):
    """A staff account: role, locality scope and a hashed PIN."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))  # staff, locality_lead, reviewer, admin
    locality: Mapped[str | None] = mapped_column(String(40))
    pin_hash: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), unique=True, index=True)  # for single sign-on
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]


class AuditEvent(Base):
    """Who did what to which object, and when (never personal data)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    event: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(30), default="")
    object_id: Mapped[str] = mapped_column(String(40), default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class AppSetting(Base):
    """An admin-set value, such as the suppression threshold."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class KioskDevice(Base):
    """A tablet locked to one survey, keyed by the hash of a random device token (no personal data).

    The answers and drafts of the current respondent are held only until the response is saved or
    the kiosk starts again for the next person.
    """

    __tablename__ = "kiosk_device"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="SET NULL"))
    locality: Mapped[str] = mapped_column(String(40))
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    screen: Mapped[str] = mapped_column(String(20), default="privacy")
    question_index: Mapped[int] = mapped_column(Integer, default=0)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    drafts: Mapped[dict] = mapped_column(JSON, default=dict)
    submission_id: Mapped[str | None] = mapped_column(String(36))
    receipt_code: Mapped[str | None] = mapped_column(String(12))
    screen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_activity: Mapped[dt.datetime] = mapped_column(default=utcnow)
    warned_at: Mapped[dt.datetime | None]
    wrong_pins: Mapped[int] = mapped_column(Integer, default=0)
    pin_wait_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class StaffSession(Base):
    """A signed-in browser, keyed by the hash of a random token; removed at sign-out or when idle."""

    __tablename__ = "staff_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    drafts: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
