"""Admin edits of the theme codebook: validated, saved to the Theme table, core themes kept."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.params import CORE_THEME_IDS
from analysis.themes import validate_codebook_records
from feedback.access import Viewer
from feedback.admin import audit
from feedback.models import Theme
from feedback.validation import ValidationError

MAX_ID = 40
MAX_NAME = 120


@dataclass(frozen=True)
class CodebookChange:
    """What a save did, by theme id."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        """True when something changed (so comments should be re-scored)."""
        return bool(self.added or self.changed or self.removed)


def theme_records(session: Session) -> list[dict]:
    """The active codebook as plain records (id, name, description, phrases), by id."""
    rows = session.scalars(select(Theme).where(Theme.active.is_(True)).order_by(Theme.id))
    return [
        {"id": t.id, "name": t.name, "description": t.description, "phrases": list(t.phrases)} for t in rows
    ]


def all_theme_ids(session: Session) -> list[str]:
    """Every theme id ever stored, switched off or not (new ids must differ from all of them)."""
    return list(session.scalars(select(Theme.id).order_by(Theme.id)))


def _clean(record: dict) -> dict:
    phrases = record.get("phrases") or []
    if isinstance(phrases, str):
        phrases = [p for p in phrases.splitlines()]
    return {
        "id": str(record.get("id") or "").strip(),
        "name": str(record.get("name") or "").strip(),
        "description": str(record.get("description") or "").strip(),
        "phrases": [
            p.strip() if isinstance(p, str) else p
            for p in phrases
            if not (isinstance(p, str) and not p.strip())
        ],
    }


def check_records(records: Sequence[dict]) -> list[str]:
    """Every problem with an edited codebook (empty when it can be saved)."""
    cleaned = [_clean(r) if isinstance(r, dict) else r for r in records]
    problems = validate_codebook_records(cleaned)
    for record in cleaned:
        if isinstance(record, dict) and len(record["id"]) > MAX_ID:
            problems.append(
                f"The id of theme '{record['id'][:MAX_ID]}...' is longer than {MAX_ID} characters."
            )
        if isinstance(record, dict) and len(record["name"]) > MAX_NAME:
            problems.append(f"The name of theme '{record['id']}' is longer than {MAX_NAME} characters.")
    return problems


def save_codebook(*, session: Session, records: Sequence[dict], viewer: Viewer) -> CodebookChange:
    """Validate an edited codebook and store it; themes left out are switched off (core ones never).

    Raises:
        NotAllowedError: the viewer is not an admin.
        ValidationError: one entry per problem, each naming the theme and phrase.
    """
    viewer.require("edit_codebook")
    problems = check_records(records)
    if problems:
        raise ValidationError({f"codebook_{i + 1}": p for i, p in enumerate(problems)})
    cleaned = [_clean(r) for r in records]
    stored = {t.id: t for t in session.scalars(select(Theme))}
    added, changed = [], []
    for record in cleaned:
        theme = stored.get(record["id"])
        if theme is None:
            session.add(
                Theme(
                    id=record["id"],
                    name=record["name"],
                    description=record["description"],
                    phrases=record["phrases"],
                    active=True,
                )
            )
            added.append(record["id"])
        elif (theme.name, theme.description, list(theme.phrases), theme.active) != (
            record["name"],
            record["description"],
            record["phrases"],
            True,
        ):
            theme.name, theme.description = record["name"], record["description"]
            theme.phrases, theme.active = record["phrases"], True
            changed.append(record["id"])
    kept = {r["id"] for r in cleaned}
    removed = sorted(i for i, t in stored.items() if t.active and i not in kept and i not in CORE_THEME_IDS)
    for theme_id in removed:
        stored[theme_id].active = False
    session.flush()
    change = CodebookChange(tuple(added), tuple(changed), tuple(removed))
    audit.record(
        session=session,
        user_id=viewer.user_id,
        event="codebook.save",
        object_type="theme",
        detail={
            "added": list(change.added),
            "changed": list(change.changed),
            "removed": list(change.removed),
        },
    )
    return change


def slug(name: str) -> str:
    """A theme id from a name: lower-case letters, digits and underscores, starting with a letter."""
    text = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not text or not text[0].isalpha():
        text = f"theme_{text}".strip("_")
    return text[:MAX_ID]


def new_theme_record(
    *, name: str, phrases: Sequence[str], description: str = "", taken: Sequence[str] = ()
) -> dict:
    """A new codebook record with an id made from its name, unique among ``taken``."""
    base = slug(name)
    theme_id, n = base, 2
    while theme_id in set(taken):
        suffix = f"_{n}"
        theme_id, n = base[: MAX_ID - len(suffix)] + suffix, n + 1
    return {
        "id": theme_id,
        "name": name.strip(),
        "description": description.strip(),
        "phrases": [p.strip() for p in phrases if p.strip()],
    }


def add_theme(*, session: Session, record: dict, viewer: Viewer) -> CodebookChange:
    """Add one theme to the stored codebook (for example from an emergent group)."""
    records = theme_records(session)
    if any(r["id"] == record.get("id") for r in records):
        raise ValidationError({"id": f"A theme with the id '{record.get('id')}' already exists."})
    return save_codebook(session=session, records=[*records, record], viewer=viewer)
