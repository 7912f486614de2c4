"""Saved column mappings: store one under a name, read it back, list them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.admin import audit
from feedback.imports.mapping import ColumnMapping
from feedback.models import ImportMapping
from feedback.validation import ValidationError

MAX_NAME = 120


def save_mapping(
    *, session: Session, name: str, mapping: ColumnMapping, user_id: int | None
) -> ImportMapping:
    """Save (or replace) a mapping under a name so the next file of the same shape imports in one step."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise ValidationError({"mapping_name": f"Give the mapping a name of 1 to {MAX_NAME} characters."})
    record = mapping.as_record()
    saved = session.scalar(select(ImportMapping).where(ImportMapping.name == name))
    if saved is None:
        saved = ImportMapping(name=name, survey_key=mapping.survey_key, created_by=user_id, **record)
        session.add(saved)
    else:
        saved.survey_key, saved.columns, saved.options = (
            mapping.survey_key,
            record["columns"],
            record["options"],
        )
    session.flush()
    audit.record(
        session=session,
        user_id=user_id,
        event="import.mapping_saved",
        object_type="import_mapping",
        object_id=saved.id,
    )
    return saved


def load_mapping(*, session: Session, name: str) -> ColumnMapping | None:
    """The mapping saved under a name, or None."""
    saved = session.scalar(select(ImportMapping).where(ImportMapping.name == name.strip()))
    if saved is None:
        return None
    return ColumnMapping(
        survey_key=saved.survey_key,
        columns=dict(saved.columns),
        everyone_consented=bool((saved.options or {}).get("everyone_consented")),
    )


def mapping_names(*, session: Session, survey_key: str | None = None) -> list[str]:
    """Names of the saved mappings (for one survey when given), in name order."""
    query = select(ImportMapping.name).order_by(ImportMapping.name)
    if survey_key is not None:
        query = query.where(ImportMapping.survey_key == survey_key)
    return list(session.scalars(query))
