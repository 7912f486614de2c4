"""Tests for safe exports: CSV, XLSX, Markdown and DOCX."""

from __future__ import annotations

import csv
import io
from datetime import date

import docx
import numpy as np
import openpyxl
import pandas as pd
import pytest

from analysis.docx_export import STATEMENT_COLUMNS, statement_to_docx_bytes
from analysis.exports import (
    frame_to_csv_bytes,
    frame_to_markdown,
    frame_to_xlsx_bytes,
    neutralise_cell,
    neutralise_frame,
    statement_to_csv_bytes,
    statement_to_markdown,
)
from analysis.params import STATEMENT_CATEGORIES
from analysis.statement import build_statement, statement_from_frame, statement_to_frame

DANGEROUS = ["=1+1", "+44 7700", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", '=HYPERLINK("http://x")']


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("", ""),
        ("'=1", "'=1"),
        (-5, -5),
        (3.5, 3.5),
        (None, None),
    ],
)
def test_neutralise_cell(value: object, expected: object) -> None:
    assert neutralise_cell(value) == expected


def sample() -> pd.DataFrame:
    """Return a frame with numbers, dates, lists, missing values and dangerous text."""
    return pd.DataFrame(
        {
            "=name": ["=1+1", "Hamilton | Blantyre", "line one\nline two", None],
            "count": [12, -3, 0, 7],
            "share": [0.5, np.nan, 1.0, 0.25],
            "when": [date(2025, 4, 1), date(2025, 5, 2), None, date(2026, 3, 31)],
            "tags": [["@a", "b"], [], ["c"], ["-d"]],
        }
    )


def test_neutralise_frame_covers_cells_columns_and_lists() -> None:
    df = sample()
    out = neutralise_frame(df)
    assert list(out.columns) == ["'=name", "count", "share", "when", "tags"]
    assert out.iloc[0, 0] == "'=1+1"
    assert out.iloc[0, 4] == "'@a; b"
    assert out.iloc[1, 1] == -3  # numbers stay numbers
    assert df.columns[0] == "=name"  # the input is untouched


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_neutralises_and_has_bom(text: str) -> None:
    data = frame_to_csv_bytes(pd.DataFrame({"comment": [text, "fine"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["comment"]
    assert rows[1] == ["'" + text]
    assert rows[2] == ["fine"]


def test_csv_keeps_rows_and_numbers() -> None:
    rows = list(csv.reader(io.StringIO(frame_to_csv_bytes(sample()).decode("utf-8-sig"), newline="")))
    assert rows[0] == ["'=name", "count", "share", "when", "tags"]
    assert rows[2] == ["Hamilton | Blantyre", "-3", "", "2025-05-02", ""]
    assert rows[3][0] == "line one\nline two"
    assert len(rows) == 5


def read_xlsx(data: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    """Return the first sheet of an XLSX file."""
    return openpyxl.load_workbook(io.BytesIO(data)).active


@pytest.mark.parametrize("text", DANGEROUS)
def test_xlsx_has_no_formulas(text: str) -> None:
    ws = read_xlsx(frame_to_xlsx_bytes(pd.DataFrame({text: [text, 5]}), sheet_name="Comments"))
    cells = [c for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert ws["A1"].value == "'" + text
    assert ws["A2"].value == "'" + text
    assert ws["A3"].value == 5


def test_xlsx_header_bold_widths_and_types() -> None:
    ws = read_xlsx(frame_to_xlsx_bytes(sample(), sheet_name="Themes: [2025/26]"))
    assert ws.title == "Themes   2025 26"
    assert all(c.font.bold for c in ws[1])
    assert not ws["A2"].font.bold
    assert ws["B3"].value == -3
    assert ws["C3"].value is None
    assert ws["D2"].value.date() == date(2025, 4, 1)
    assert ws["E2"].value == "'@a; b"
    assert 8 <= ws.column_dimensions["A"].width <= 60
    assert ws.column_dimensions["A"].width > ws.column_dimensions["B"].width
    assert ws.max_row == 5
    assert ws.freeze_panes == "A2"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Data", "Data"), ("a/b:c", "a b c"), ("", "Data"), ("x" * 40, "x" * 31)],
)
def test_xlsx_sheet_names_are_valid(name: str, expected: str) -> None:
    assert read_xlsx(frame_to_xlsx_bytes(pd.DataFrame({"a": [1]}), sheet_name=name)).title == expected


def test_markdown_table_escapes() -> None:
    md = frame_to_markdown(sample())
    lines = md.splitlines()
    assert lines[0] == "| '=name | count | share | when | tags |"
    assert lines[1] == "| --- | --- | --- | --- | --- |"
    assert lines[2].startswith("| '=1+1 | 12 | 0.5 | 2025-04-01 | '@a; b |")
    assert lines[3].startswith("| Hamilton \\| Blantyre | -3 |  |")
    assert "line one<br>line two" in lines[4]
    assert len(lines) == 6
    assert all(line.count(" | ") == 4 for line in lines[2:])


def activities() -> pd.DataFrame:
    """Return a few activities, one with dangerous wording."""
    base = {
        "kind": "listen_event",
        "locality": "clydesdale",
        "end_date": None,
        "lead_partner": "Justice Social Work",
        "lead_sector": "statutory",
        "partners": ["Sacro"],
        "partner_sectors": ["third_sector"],
        "actions": [],
    }
    return pd.DataFrame(
        [
            {
                **base,
                "id": 1,
                "title": "=cmd|' /C calc'!A0",
                "start_date": date(2025, 5, 1),
                "attendance": {"people_with_convictions": 14},
                "outcomes": "-housing drop-in",
            },
            {
                **base,
                "id": 2,
                "title": "Victims forum",
                "start_date": date(2025, 6, 3),
                "attendance": {"victims": 11},
                "outcomes": "Court waiting times | raised",
                "actions": ["We will ask the court about lunch breaks"],
            },
            {
                **base,
                "id": 3,
                "title": "Police briefing",
                "start_date": date(2025, 7, 9),
                "lead_partner": "Police Scotland",
                "attendance": {},
                "outcomes": "",
            },
        ]
    )


FY = {"start": date(2025, 4, 1), "end": date(2026, 3, 31)}


def docx_tables(data: bytes) -> list[list[list[str]]]:
    """Return every table of a DOCX file as rows of cell texts."""
    document = docx.Document(io.BytesIO(data))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


@pytest.mark.parametrize("grouping", ["activity", "category"])
def test_statement_docx_table(grouping: str) -> None:
    st = build_statement(activities(), **FY, grouping=grouping)
    data = statement_to_docx_bytes(st)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "Participation statement" in texts
    assert "Period: 1 April 2025 to 31 March 2026" in texts
    assert any(t.startswith("3 activities across 1 of the four localities") for t in texts)
    people, main = docx_tables(data)
    assert people[0] == ["People who took part", "Number"]
    assert people[-1][0] == "Total" and abs(int(people[-1][1]) - 25) <= 2  # cell-key noise
    assert main[0] == list(STATEMENT_COLUMNS)
    assert main[0] == ["Stakeholders", "Consultation/involvement activities", "Dates", "Outcomes"]
    headings = [r[0] for r in main[1:] if len(set(r)) == 1]
    assert headings == [STATEMENT_CATEGORIES[0], STATEMENT_CATEGORIES[2], STATEMENT_CATEGORIES[5]]
    body = [r for r in main[1:] if len(set(r)) > 1]
    assert len(body) == 3
    assert body[0][1].startswith("'=cmd|")
    assert body[0][2] == "1 May 2025"
    assert body[0][3] == "'-housing drop-in"
    assert body[1][3] == "Court waiting times | raised\n• We will ask the court about lunch breaks"
    assert document.tables[1].style.name == "Table Grid"
    assert document.sections[0].page_width > document.sections[0].page_height


def test_statement_docx_uses_edited_rows() -> None:
    st = build_statement(activities(), **FY)
    df = statement_to_frame(st)
    df.loc[2, "outcomes"] = "@edited by staff"
    _, main = docx_tables(statement_to_docx_bytes(statement_from_frame(st, df)))
    assert main[-1][3] == "'@edited by staff"


def test_statement_markdown() -> None:
    st = build_statement(activities(), **FY)
    md = statement_to_markdown(st)
    assert md.startswith("# Participation statement\n\nPeriod: 1 April 2025 to 31 March 2026\n")
    assert "| Stakeholders | Consultation/involvement activities | Dates | Outcomes |" in md
    assert f"| **{STATEMENT_CATEGORIES[0]}** | | | |" in md
    assert "'=cmd\\|' /C calc'!A0 (LISTEN event, Clydesdale)" in md
    assert "Court waiting times \\| raised<br>• We will ask" in md
    assert "any below 10, none included, and some just above it show as [c]" in md
    table = [line for line in md.splitlines() if line.startswith("| ")]
    assert all(line.replace("\\|", "").count("|") == 5 for line in table)


def test_statement_csv() -> None:
    st = build_statement(activities(), **FY, grouping="category")
    rows = list(csv.reader(io.StringIO(statement_to_csv_bytes(st).decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Category", "Stakeholders", "Consultation/involvement activities", "Dates", "Outcomes"]
    assert [r[0] for r in rows[1:]] == [STATEMENT_CATEGORIES[i] for i in (0, 2, 5)]
    assert rows[1][2].startswith("'=cmd")
    assert rows[1][4] == "'-housing drop-in"
