"""XLSForm in and out: our surveys round-trip exactly; a KoboToolbox-style form keeps what we support."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from feedback.capture.surveys import parse_definition
from feedback.capture.xlsform import XLSFormError, read_xlsform, write_xlsform
from feedback.settings import DATA_DIR

SHIPPED = sorted((DATA_DIR / "surveys").glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_surveys_round_trip_through_xlsform(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    form = read_xlsform(write_xlsform(raw))
    assert form.unsupported == ()
    assert form.raw == raw
    assert parse_definition(form.raw) == parse_definition(raw)


def _workbook(
    survey: list[list], choices: list[list], settings: list[list], extra: str | None = None
) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    if extra:
        book.create_sheet(extra)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


KOBO_SURVEY = [
    [
        "type",
        "name",
        "label::English (en)",
        "label::Polski (pl)",
        "hint::English (en)",
        "required",
        "relevant",
        "constraint",
    ],
    ["start", "start", None, None, None, None, None, None],
    ["begin_group", "about", "About you", None, None, None, None, None],
    [
        "select_one yn",
        "used",
        "Did you use the service?",
        "Czy korzystałeś z usługi?",
        None,
        "yes",
        None,
        None,
    ],
    ["integer", "visits", "How many visits?", "Ile wizyt?", "A number", None, "${used} = 'yes'", ". < 100"],
    ["select_multiple help", "helped", "What helped?", "Co pomogło?", None, None, "${used} = 'yes'", None],
    ["geopoint", "where", "Where are you?", None, None, None, None, None],
    ["text", "said", "Anything else?", "Coś jeszcze?", None, None, None, None],
    ["note", "bye", "Thank you", "Dziękujemy", None, None, None, None],
    ["end_group", None, None, None, None, None, None, None],
    ["calculate", "score", None, None, None, None, None, None],
]
KOBO_CHOICES = [
    ["list_name", "name", "label::English (en)", "label::Polski (pl)", "media::image"],
    ["yn", "yes", "Yes", "Tak", None],
    ["yn", "no", "No", "Nie", None],
    ["help", "housing", "Housing", "Mieszkanie", "house.png"],
    ["help", "money", "Money", "Pieniądze", None],
]
KOBO_SETTINGS = [
    ["form_title", "form_id", "version", "default_language", "style"],
    ["Kobo check", "kobo_check", 3, "en", "pages"],
]


def test_a_kobo_form_keeps_what_we_support_and_lists_the_rest() -> None:
    form = read_xlsform(_workbook(KOBO_SURVEY, KOBO_CHOICES, KOBO_SETTINGS, extra="notes"))
    definition = parse_definition(form.raw)
    assert [(q.kind, q.name) for q in definition.questions] == [
        ("select_one", "used"),
        ("integer", "visits"),
        ("select_multiple", "helped"),
        ("text", "said"),
        ("note", "bye"),
    ]
    visits = definition.question("visits")
    assert (visits.relevant, visits.label_in("pl"), visits.hint, definition.version) == (
        "${used} = 'yes'",
        "Ile wizyt?",
        "A number",
        "3",
    )
    assert definition.question("used").required and definition.languages == ("en", "pl")
    assert definition.question("helped").choices[0].label_in("pl") == "Mieszkanie"
    listed = "\n".join(form.unsupported)
    for expected in (
        "'start'",
        "groups are flattened",
        "'geopoint'",
        "'constraint'",
        "'media::image'",
        "'style'",
        "'calculate'",
        "sheet 'notes'",
    ):
        assert expected in listed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a workbook", "not a readable .xlsx"),
        (
            _workbook(
                [["type", "name", "label"], ["text", "a", "A"]],
                [["list_name", "name", "label"]],
                [["form_title"], ["No id"]],
            ),
            "form_id",
        ),
        (
            _workbook(
                [["type", "name", "label", "relevant"], ["text", "a", "A", "count(${b}) > 1"]],
                [["list_name"]],
                [["form_title", "form_id", "version"], ["T", "t", "1"]],
            ),
            "unsupported relevant",
        ),
    ],
)
def test_forms_we_cannot_use_are_refused_with_the_reason(data: bytes, message: str) -> None:
    with pytest.raises(XLSFormError, match=message):
        read_xlsform(data)


def test_export_writes_text_never_formulas() -> None:
    raw = {
        "settings": {"form_id": "f", "version": "1", "form_title": "=1+1"},
        "survey": [{"type": "text", "name": "q", "label": '=HYPERLINK("x")', "comment_type": "general"}],
        "choices": [],
    }
    book = load_workbook(io.BytesIO(write_xlsform(raw)))
    assert book["survey"]["C2"].data_type == "s" and book["survey"]["C2"].value == '=HYPERLINK("x")'
    assert read_xlsform(write_xlsform(raw)).raw == raw
