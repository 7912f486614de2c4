"""What is captured: partners, activities and their headcounts, surveys, submissions, answers, kiosk devices."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from analysis.disclosure import new_record_key
from feedback.models.base import Base, new_uuid, utcnow

if TYPE_CHECKING:  # relationships across modules resolve by name at run time
    from feedback.models.comments import Comment


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
        Index("ix_activity_start_date_id", "start_date", "id"),  # the list's keyset order
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
