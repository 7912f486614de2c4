"""Turn spreadsheet cells into the answers the kiosk would have stored: choice names, numbers, dates."""

from __future__ import annotations

import datetime as dt
import re

from feedback.capture.surveys import Question, SurveyDefinition
from feedback.imports.mapping import squash

EARLIEST = dt.date(2000, 1, 1)
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


class CellError(ValueError):
    """A cell that cannot be read as its column's answer (the message names the column and the fix)."""


def choice_lookup(definition: SurveyDefinition) -> dict[str, dict[str, str]]:
    """Per question: every loose spelling of a choice (name, label, label::LANGUAGE) -> the choice name."""
    raw_labels: dict[tuple[str, str], list[str]] = {}
    for row in definition.raw.get("choices") or []:
        if isinstance(row, dict) and row.get("list_name"):
            key = (str(row["list_name"]), str(row.get("name")))
            raw_labels[key] = [str(v) for k, v in row.items() if k.startswith("label") and v]
    lookup: dict[str, dict[str, str]] = {}
    for question in definition.questions:
        parts = str(_raw_type(definition, question.name)).split()
        list_name = parts[1] if len(parts) > 1 else ""
        spellings: dict[str, str] = {}
        for choice in question.choices:
            for text in (choice.name, choice.label, *raw_labels.get((list_name, choice.name), [])):
                spellings.setdefault(squash(text) or text.strip(), choice.name)
        lookup[question.name] = spellings
    return lookup


def _raw_type(definition: SurveyDefinition, name: str) -> str:
    rows = definition.raw.get("survey") or []
    return next((str(r.get("type", "")) for r in rows if isinstance(r, dict) and r.get("name") == name), "")


def _one_choice(spellings: dict[str, str], text: str) -> str | None:
    return spellings.get(squash(text) or text.strip())


def _choices(question: Question, spellings: dict[str, str], text: str) -> list[str]:
    """A select_multiple cell: whole, or split on ';' (Microsoft Forms), ',' or spaces (KoboToolbox)."""
    whole = _one_choice(spellings, text)
    if whole is not None:
        return [whole]
    for separator in (";", ",", None):
        parts = [p for p in (text.split(separator) if separator else text.split()) if p.strip()]
        picked = [_one_choice(spellings, p) for p in parts]
        if parts and all(p is not None for p in picked):
            return list(dict.fromkeys(picked))  # type: ignore[arg-type]
    raise CellError(f"{question.name}: {_shown(text)} is not among the choices ({_choice_names(question)}).")


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "...")


def _choice_names(question: Question) -> str:
    labels = [c.label for c in question.choices]
    return ", ".join(labels[:8]) + (", ..." if len(labels) > 8 else "")


def answer_value(question: Question, spellings: dict[str, str], text: str) -> object:
    """The answer a kiosk would store for this cell (text, choice name, choice names or a whole number)."""
    if question.kind == "text":
        return text
    if question.kind == "select_multiple":
        return _choices(question, spellings, text)
    if question.kind == "integer":
        if not re.fullmatch(r"-?\d{1,9}", text.strip()):
            raise CellError(f"{question.name}: {_shown(text)} is not a whole number.")
        return text.strip()
    picked = _one_choice(spellings, text)
    if picked is None:
        raise CellError(
            f"{question.name}: {_shown(text)} is not among the choices ({_choice_names(question)})."
        )
    return picked


def parse_day(text: str, *, today: dt.date) -> dt.date:
    """A date cell (ISO, or day first as written in the UK), between 2000 and today."""
    text = text.strip()
    day = None
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        head = text.split(" ")[0] if re.match(r"^\d", text) and "/" in text else text
        for fmt in DATE_FORMATS:
            try:
                day = dt.datetime.strptime(head, fmt).date()
                break
            except ValueError:
                continue
    if day is None:
        raise CellError(f"date: {_shown(text)} is not a date; write it as 2026-03-31 or 31/03/2026.")
    if not EARLIEST <= day <= today:
        raise CellError(f"date: {day:%d/%m/%Y} is not between 2000 and today.")
    return day
