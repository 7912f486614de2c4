"""Saved column mappings for importing spreadsheets of responses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from feedback.models.base import Base, utcnow


class ImportMapping(Base):
    """A named, reusable mapping from a file's columns to a survey's questions and the response details."""

    __tablename__ = "import_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    survey_key: Mapped[str] = mapped_column(String(60))
    columns: Mapped[dict] = mapped_column(JSON, default=dict)  # file column -> question name or @field
    options: Mapped[dict] = mapped_column(JSON, default=dict)  # e.g. everyone_consented
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
