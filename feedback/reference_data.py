"""Reference data every database needs: partners, codebook themes and survey versions."""

from __future__ import annotations

import logging
from pathlib import Path

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.themes import load_codebook
from feedback.capture.surveys import load_definitions
from feedback.models import Partner, Submission, Survey, Theme
from feedback.settings import DATA_DIR

log = logging.getLogger(__name__)


def seed_partners(session: Session, path: Path = DATA_DIR / "partners.yaml") -> int:
    """Load the partnership's members into an empty partner list; return how many were added."""
    if session.scalar(select(func.count()).select_from(Partner)):
        return 0
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    session.add_all(Partner(name=r["name"], sector=r["sector"], active=True) for r in rows)
    return len(rows)


def sync_codebook(session: Session, path: Path | None = None) -> int:
    """Add codebook themes missing from the database (admin edits are kept); return how many."""
    existing = set(session.scalars(select(Theme.id)))
    added = 0
    for theme in load_codebook(path).themes:
        if theme.id not in existing:
            session.add(
                Theme(
                    id=theme.id,
                    name=theme.name,
                    description=theme.description,
                    phrases=list(theme.phrases),
                    active=True,
                )
            )
            added += 1
    return added


def sync_surveys(session: Session, directory: Path) -> int:
    """Store each survey file's version if new; versions with responses are never changed."""
    added = 0
    for definition in load_definitions(directory):
        survey = session.scalar(
            select(Survey).where(Survey.key == definition.key, Survey.version == definition.version)
        )
        if survey is None:
            for older in session.scalars(select(Survey).where(Survey.key == definition.key)):
                older.active = False  # a new version replaces the old on the kiosk; responses keep theirs
            session.add(
                Survey(
                    key=definition.key,
                    version=definition.version,
                    title=definition.title,
                    definition=definition.raw,
                    active=True,
                )
            )
            added += 1
            continue
        has_responses = session.scalar(
            select(func.count()).select_from(Submission).where(Submission.survey_id == survey.id)
        )
        if survey.definition != definition.raw:
            if has_responses:
                log.warning(
                    "survey %s %s changed but has responses: bump its version", survey.key, survey.version
                )
            else:
                survey.definition = definition.raw
                survey.title = definition.title
    return added


def seed_reference_data(session: Session, surveys_dir: Path) -> dict[str, int]:
    """Partners, themes and surveys; safe to run on every start."""
    return {
        "partners": seed_partners(session),
        "themes": sync_codebook(session),
        "surveys": sync_surveys(session, surveys_dir),
    }
