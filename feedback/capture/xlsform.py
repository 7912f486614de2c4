"""Surveys as XLSForm workbooks (survey, choices, settings sheets): read one in, write ours out.

Reading keeps what our kiosk can ask and lists everything else in the file, in plain words, so
the person importing knows what was left out. See docs/xlsform.md for the feature list.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook

from feedback.capture.surveys import QUESTION_KINDS, SUPPORTED_COLUMNS, parse_definition

SHEETS = ("survey", "choices", "settings")
METADATA_TYPES = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber"}
METADATA_TYPES |= {"username", "email", "audit", "calculate", "hidden"}
GROUP_TYPES = {"begin_group", "end_group", "begin group", "end group"}
CHOICE_COLUMNS = {"list_name", "name", "label", "asks_help", "picture", "picture_alt"}
SETTINGS = {"form_title", "form_id", "version", "default_language", "privacy_notice"}
SETTINGS |= {
    "kiosk_timeout",
    "kiosk_warning",
    "receipt_seconds",
    "needs_checking",
    "language_name",
    "picture_languages",
}
TRANSLATABLE = ("label", "hint", "privacy_notice", "form_title", "picture_alt", "needs_checking")
_LANGUAGE = re.compile(r"^(?P<column>[\w]+)::(?P<name>[^()]*?)\s*(?:\((?P<code>[\w-]+)\))?\s*$")


class XLSFormError(ValueError):
    """A workbook that cannot become a survey; the message says what to fix."""


@dataclass(frozen=True)
class XLSFormImport:
    """A survey definition read from an XLSForm, and what in the file it leaves out."""

    raw: dict
    unsupported: tuple[str, ...]


def _column(heading: str) -> str:
    """A heading as our definitions spell it: 'label::English (en)' -> 'label::en'."""
    heading = heading.strip()
    match = _LANGUAGE.match(heading)
    if match is None:
        return heading
    language = match.group("code") or match.group("name").strip()
    return f"{match.group('column')}::{language}"


def _rows(sheet) -> list[dict]:
    """A sheet as dicts of its non-empty cells, headings from the first row."""
    rows = sheet.iter_rows(values_only=True)
    headings = [_column(str(h)) if h is not None else "" for h in next(rows, ())]
    out = []
    for values in rows:
        row = {h: v for h, v in zip(headings, values, strict=False) if h and v not in (None, "")}
        if row:
            out.append({k: v if isinstance(v, str) else _plain_number(v) for k, v in row.items()})
    return out


def _plain_number(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _survey_rows(rows: list[dict], notes: list[str]) -> list[dict]:
    kept = []
    for i, row in enumerate(rows, start=2):
        kind = str(row.get("type", "")).strip()
        base = kind.split()[0] if kind else ""
        name = row.get("name", "")
        if base in METADATA_TYPES or kind in GROUP_TYPES or base in ("begin_group", "end_group"):
            what = "groups are flattened" if "group" in kind else "metadata and calculations are not kept"
            notes.append(f"survey row {i}: type {kind!r} ({name or 'no name'}) left out: {what}")
            continue
        if base not in QUESTION_KINDS:
            notes.append(f"survey row {i}: question {name or '?'} of type {kind!r} left out (not supported)")
            continue
        if "or_other" in kind.split():
            notes.append(f"survey row {i}: 'or_other' on {name} ignored (no 'Other, please say')")
            row["type"] = " ".join(p for p in kind.split() if p != "or_other")
        extra = sorted(
            k for k in row if k not in SUPPORTED_COLUMNS and not k.startswith(("label::", "hint::"))
        )
        for column in extra:
            notes.append(f"survey row {i}: column {column!r} on {name} ignored")
            row.pop(column)
        kept.append(row)
    return kept


def _choice_rows(rows: list[dict], notes: list[str]) -> list[dict]:
    for i, row in enumerate(rows, start=2):
        for column in sorted(
            k for k in row if k not in CHOICE_COLUMNS and not k.startswith(("label::", "picture_alt::"))
        ):
            notes.append(f"choices row {i}: column {column!r} ignored")
            row.pop(column)
        if "name" in row:
            row["name"] = str(row["name"])
    return rows


def _settings(rows: list[dict], notes: list[str]) -> dict:
    settings = dict(rows[0]) if rows else {}
    for key in sorted(k for k in settings if k.split("::")[0] not in SETTINGS):
        notes.append(f"settings: {key!r} ignored")
        settings.pop(key)
    if "version" in settings:
        settings["version"] = str(settings["version"])
    return settings


def read_xlsform(data: bytes) -> XLSFormImport:
    """Read an XLSForm workbook into a checked survey definition and the list of what it leaves out."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise XLSFormError(f"The file is not a readable .xlsx workbook ({type(exc).__name__}).") from None
    names = {n.strip().lower(): n for n in book.sheetnames}
    if "survey" not in names:
        raise XLSFormError(
            "The workbook has no 'survey' sheet; an XLSForm needs survey, choices and settings."
        )
    notes: list[str] = []
    sheets = {s: _rows(book[names[s]]) if s in names else [] for s in SHEETS}
    notes += [f"sheet {n!r} ignored" for n in book.sheetnames if n.strip().lower() not in SHEETS]
    raw = {
        "settings": _settings(sheets["settings"], notes),
        "survey": _survey_rows(sheets["survey"], notes),
        "choices": _choice_rows(sheets["choices"], notes),
    }
    try:
        parse_definition(raw, source="the XLSForm")
    except ValueError as exc:
        raise XLSFormError(str(exc)) from None
    return XLSFormImport(raw, tuple(notes))


def _headings(rows: list[dict], first: tuple[str, ...]) -> list[str]:
    seen = list(first)
    for row in rows:
        seen += [k for k in row if k not in seen]
    return [h for h in seen if any(h in r for r in rows)]


def _sheet(book: Workbook, title: str, rows: list[dict], first: tuple[str, ...]) -> None:
    sheet = book.create_sheet(title)
    headings = _headings(rows, first)
    sheet.append(headings)
    for row in rows:
        sheet.append([row.get(h) for h in headings])
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text: a label starting with = is never a formula


def write_xlsform(raw: dict) -> bytes:
    """Our survey definition as an XLSForm workbook (survey, choices and settings sheets)."""
    book = Workbook()
    book.remove(book.active)
    _sheet(book, "survey", list(raw.get("survey") or []), ("type", "name", "label"))
    _sheet(book, "choices", list(raw.get("choices") or []), ("list_name", "name", "label"))
    _sheet(book, "settings", [dict(raw.get("settings") or {})], ("form_title", "form_id", "version"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
