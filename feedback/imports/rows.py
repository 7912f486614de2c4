"""Each row of a file checked with the kiosk's rules: a response ready to store, or the reason it is not."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd

from analysis.params import NOT_RECORDED, STAKEHOLDER_GROUPS
from feedback.capture.responses import STAKEHOLDER_QUESTION, check_answers
from feedback.capture.surveys import SurveyDefinition
from feedback.imports.mapping import ColumnMapping, locality_key, stakeholder_key, yes_no
from feedback.imports.values import CellError, answer_value, choice_lookup, parse_day
from feedback.validation import clean_input

ID_NAMESPACE = uuid.UUID("6f1d7a52-4c1e-4b4e-9a51-2c8f0e6b1a14")  # stable submission ids for imported rows
MAX_RESPONSE_ID = 200


@dataclass(frozen=True)
class ImportContext:
    """Where the rows go: the survey, the activity and its locality and date."""

    survey_id: int
    definition: SurveyDefinition
    activity_id: int
    locality: str
    activity_date: dt.date
    today: dt.date


@dataclass(frozen=True)
class PreparedRow:
    """A row that passed every check: plain values to store (answers, comments to analyse)."""

    row_number: int  # as a spreadsheet shows it: the heading is row 1
    submission_id: str
    locality: str
    responded_on: dt.date
    stakeholder_group: str
    quote_permission: bool
    language: str
    help_requested: bool
    answers: tuple[dict, ...]
    comments: tuple[tuple[str, str, str], ...]  # question, question type, text


@dataclass(frozen=True)
class RejectedRow:
    """A row that was not imported, and why (for the rejected-rows file)."""

    row_number: int
    reason: str


def stable_id(context: ImportContext, cells: dict[str, str], response_id: str, occurrence: int) -> str:
    """The same row of the same file always gets the same submission id, so a second import adds nothing."""
    if response_id:
        key: list = [context.definition.key, context.activity_id, "id", response_id.strip()]
    else:
        key = [context.definition.key, context.activity_id, "row", sorted(cells.items()), occurrence]
    return str(uuid.uuid5(ID_NAMESPACE, json.dumps(key, ensure_ascii=False)))


def _details(mapping: ColumnMapping, cells: dict[str, str], context: ImportContext) -> dict:
    """Locality, date, stakeholder group, consent, quote permission and language of one row."""

    def cell(target: str) -> str:
        column = mapping.column_for(target)
        return clean_input(cells.get(column, "")).strip() if column else ""

    found: dict = {"locality": context.locality, "responded_on": context.activity_date}
    if text := cell("@locality"):
        found["locality"] = locality_key(text) or _fail(
            f"locality: {text!r} is not a South Lanarkshire locality."
        )
    if text := cell("@date"):
        found["responded_on"] = parse_day(text, today=context.today)
    group = cell("@stakeholder_group")
    found["stakeholder_group"] = (
        (stakeholder_key(group) or _fail(f"stakeholder group: {group!r} is not one of the groups."))
        if group
        else None
    )
    consent = yes_no(cell("@consent")) if mapping.column_for("@consent") else mapping.everyone_consented
    if consent is not True:
        _fail("consent: the row does not say the person agreed to take part, so it is not imported.")
    found["quote_permission"] = yes_no(cell("@quote_permission")) is True
    found["language"] = (
        cell("@language") or str(context.definition.raw.get("settings", {}).get("default_language") or "en")
    )[:10]
    found["response_id"] = cell("@response_id")[:MAX_RESPONSE_ID]
    return found


def _fail(message: str) -> str:
    raise CellError(message)


def _answers(mapping: ColumnMapping, cells: dict[str, str], context: ImportContext, lookup: dict) -> dict:
    """The row's answers by question name, read as the kiosk would store them (blank cells skipped)."""
    answers: dict[str, object] = {}
    for question in context.definition.questions:
        column = mapping.column_for(question.name)
        text = clean_input(cells.get(column, "")) if column else ""
        if question.is_input and text.strip():
            answers[question.name] = answer_value(question, lookup[question.name], text.strip())
    return answers


def _help_requested(definition: SurveyDefinition, answers: dict[str, object]) -> bool:
    for question in definition.questions:
        value = answers.get(question.name)
        picked = set(value) if isinstance(value, list) else {value}
        if any(c.asks_help and c.name in picked for c in question.choices):
            return True
    return False


def prepare_row(
    mapping: ColumnMapping,
    cells: dict[str, str],
    context: ImportContext,
    lookup: dict,
    occurrence: int,
    number: int,
) -> PreparedRow | RejectedRow:
    """Check one row with the kiosk's rules; a rejected row carries every reason found."""
    try:
        details = _details(mapping, cells, context)
        answers = _answers(mapping, cells, context, lookup)
    except CellError as exc:
        return RejectedRow(number, str(exc))
    if not answers:
        return RejectedRow(number, "the row has no answers to any mapped question.")
    rows, comments, errors = check_answers(context.definition, answers)
    if errors:
        return RejectedRow(number, "; ".join(f"{name}: {message}" for name, message in errors.items()))
    group = details["stakeholder_group"] or str(answers.get(STAKEHOLDER_QUESTION) or NOT_RECORDED)
    return PreparedRow(
        row_number=number,
        submission_id=stable_id(context, cells, details["response_id"], occurrence),
        locality=details["locality"],
        responded_on=details["responded_on"],
        stakeholder_group=group if group in STAKEHOLDER_GROUPS else NOT_RECORDED,
        quote_permission=details["quote_permission"] and bool(comments),  # permission needs words to quote
        language=details["language"],
        help_requested=_help_requested(context.definition, answers),
        answers=tuple({"question": a.question, "choice": a.choice, "number": a.number} for a in rows),
        comments=tuple((c.question, c.question_type, c.text) for c in comments),
    )


def prepare_rows(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    context: ImportContext,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[PreparedRow | RejectedRow]:
    """Check every row of the file in order (identical rows count as separate responses)."""
    lookup = choice_lookup(context.definition)
    seen: Counter[str] = Counter()
    headings = list(frame.columns)
    total = len(frame)
    for index, values in enumerate(frame.itertuples(index=False, name=None)):
        cells = dict(zip(headings, values, strict=True))
        fingerprint = json.dumps(sorted(cells.items()), ensure_ascii=False)
        seen[fingerprint] += 1
        yield prepare_row(mapping, cells, context, lookup, seen[fingerprint], index + 2)
        if progress and (index + 1) % 1000 == 0:
            progress(index + 1, total)
    if progress:
        progress(total, total)
