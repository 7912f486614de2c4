"""Which column of a file holds which question or response detail; guessing it from the headings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from analysis.params import LOCALITIES, STAKEHOLDER_GROUPS
from feedback.capture.surveys import SurveyDefinition

# Response details a column can hold, beside the survey's questions (question names never start with @).
FIELDS: dict[str, str] = {
    "@response_id": "Response id or form code",
    "@locality": "Locality",
    "@date": "Date of the response",
    "@stakeholder_group": "Stakeholder group",
    "@consent": "Agreed to take part",
    "@quote_permission": "Permission to quote",
    "@language": "Language",
}
IGNORED = ""
# Headings other tools write for the details (compared without case, spaces or punctuation).
FIELD_HEADINGS: dict[str, tuple[str, ...]] = {
    "@response_id": ("id", "responseid", "uuid", "formcode", "code", "instanceid", "submissionid"),
    "@locality": ("locality", "area", "localityarea"),
    "@date": ("date", "completiontime", "submissiontime", "submitted", "responsedate", "today", "start"),
    "@stakeholder_group": ("stakeholdergroup", "stakeholder", "group", "whoareyou"),
    "@consent": (
        "consent",
        "agreed",
        "agreedtotakepart",
        "agreetotakepart",
        "iagreetotakepart",
        "consentgiven",
    ),
    "@quote_permission": ("quotepermission", "permissiontoquote", "mayquote", "maywequoteyou", "quote"),
    "@language": ("language", "lang", "formlanguage"),
}


@dataclass(frozen=True)
class ColumnMapping:
    """A file's columns mapped to a survey's questions and response details (others ignored)."""

    survey_key: str
    columns: dict[str, str] = field(default_factory=dict)  # heading -> question name or @field
    everyone_consented: bool = False  # no consent column: staff confirm everyone agreed

    @cached_property
    def _by_target(self) -> dict[str, str]:
        return {t: c for c, t in reversed(list(self.columns.items()))}

    def column_for(self, target: str) -> str | None:
        """The heading mapped to a question or @field, if any (the first one)."""
        return self._by_target.get(target)

    def as_record(self) -> dict:
        """Plain values to save (see feedback.imports.saved)."""
        return {"columns": dict(self.columns), "options": {"everyone_consented": self.everyone_consented}}


def squash(text: str) -> str:
    """Text compared loosely: case-folded, letters and digits only."""
    return re.sub(r"[\W_]+", "", str(text).casefold())


def _kobo_name(heading: str) -> str:
    """KoboToolbox and ODK write group/question: keep the last part."""
    return heading.rsplit("/", 1)[-1]


def guess_columns(headings: Sequence[str], definition: SurveyDefinition) -> dict[str, str]:
    """A first mapping from the headings: question names or labels, then the usual detail headings."""
    by_name = {squash(q.name): q.name for q in definition.questions if q.is_input}
    by_label = {squash(q.label): q.name for q in definition.questions if q.is_input}
    for language_label, name in _other_labels(definition):
        by_label.setdefault(squash(language_label), name)
    details = {h: f for f, hs in FIELD_HEADINGS.items() for h in hs}
    guessed: dict[str, str] = {}
    for heading in headings:
        key = squash(_kobo_name(heading))
        target = by_name.get(key) or by_label.get(squash(heading)) or details.get(key.lstrip("_"))
        if target and target not in guessed.values():
            guessed[heading] = target
    return guessed


def _other_labels(definition: SurveyDefinition) -> list[tuple[str, str]]:
    """(label, question name) for every label::LANGUAGE in the raw definition."""
    found = []
    for row in definition.raw.get("survey") or []:
        if isinstance(row, dict) and row.get("name"):
            found += [(str(v), str(row["name"])) for k, v in row.items() if k.startswith("label::") and v]
    return found


def mapping_problems(
    mapping: ColumnMapping, headings: Sequence[str], definition: SurveyDefinition
) -> list[str]:
    """What stops the mapping from being used with this file (empty when it can be)."""
    problems = []
    questions = {q.name for q in definition.questions if q.is_input}
    missing = [c for c in mapping.columns if c not in headings]
    if missing:
        problems.append(
            f"The file has no column {', '.join(repr(c) for c in missing)}; map the columns again."
        )
    targets = [t for t in mapping.columns.values() if t != IGNORED]
    unknown = sorted({t for t in targets if t not in questions and t not in FIELDS})
    if unknown:
        problems.append(f"{', '.join(unknown)} is not a question of this survey.")
    twice = sorted({t for t in targets if targets.count(t) > 1})
    if twice:
        problems.append(f"Two columns are mapped to {', '.join(twice)}; map each to one column only.")
    if not any(t in questions for t in targets):
        problems.append("Map at least one column to a question of the survey.")
    if "@consent" not in targets and not mapping.everyone_consented:
        problems.append(
            "Map the column that records whether each person agreed to take part, or confirm that "
            "everyone in the file agreed."
        )
    return problems


YES = {"yes", "y", "true", "1", "agreed", "iagree", "agree", "tak", "x", "✓", "✔"}
NO = {"no", "n", "false", "0", "disagree", "idonotagree", "nie"}


def yes_no(value: str) -> bool | None:
    """True, False, or None when the cell says neither (blank included)."""
    key = squash(value) or value.strip()
    if len(key) > 1 and key[0] == "x" and key[1:] in YES | NO:  # a ticked box typed as "[x] yes"
        key = key[1:]
    return True if key in YES else False if key in NO else None


def _place_names() -> dict[str, str]:
    names = {squash(k): k for k in LOCALITIES}
    for key, label in LOCALITIES.items():
        names[squash(label)] = key
        names.update({squash(part): key for part in re.split(r"[/,]", label) if part.strip()})
    return names


PLACES = _place_names()


def locality_key(value: str) -> str | None:
    """The locality a cell names (its key, its label or one of its towns), or None."""
    return PLACES.get(squash(value))


def stakeholder_key(value: str) -> str | None:
    """The stakeholder group a cell names (its key or label), or None."""
    wanted = squash(value)
    return next((k for k, label in STAKEHOLDER_GROUPS.items() if wanted in (squash(k), squash(label))), None)
