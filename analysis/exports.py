"""Safe exports of tables: CSV, XLSX and Markdown, plus the statement as Markdown and CSV.

Every export neutralises text that a spreadsheet could run as a formula: a string cell (or column
name) that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a single quote
``'`` in front, so it is read as text. The quote is visible in the file; that is deliberate.
XLSX files are written with openpyxl cell by cell as values, never formulas.
"""

from __future__ import annotations

import io
import math
from datetime import date, datetime
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from analysis.disclosure import protection_sentence
from analysis.statement import HEADERS, ROW_FIELDS, Statement, summary_sentences

DANGEROUS_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
MAX_COLUMN_WIDTH = 60
_BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def neutralise_cell(value: Any) -> Any:
    """Return ``value`` with a leading ``'`` when it is a string a spreadsheet could execute."""
    if isinstance(value, str) and value.startswith(DANGEROUS_STARTS):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with every text cell, column name and index label neutralised."""
    out = df.copy()
    for column in out.columns:
        if not (
            pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_datetime64_any_dtype(out[column])
        ):
            out[column] = out[column].astype(object).map(_safe_text)
    out.columns = [neutralise_cell(_plain(c)) for c in out.columns]
    if not isinstance(out.index, pd.RangeIndex):
        out.index = [neutralise_cell(_plain(i)) for i in out.index]
    return out


def export_cell(value: Any) -> Any:
    """One cell ready for a file: lists joined, numpy and pandas values made plain, text neutralised."""
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return _safe_text(value)


def sheet_title(name: str) -> str:
    """A worksheet name Excel accepts (no []:*?/\\, at most 31 characters)."""
    return (name.translate(_BAD_SHEET_CHARS).strip() or "Data")[:31]


def frame_to_csv_bytes(df: pd.DataFrame, *, index: bool = False) -> bytes:
    """Return the frame as CSV (CRLF rows) in UTF-8 with a byte-order mark, so Excel reads it right."""
    text = neutralise_frame(df).to_csv(index=index, lineterminator="\r\n")  # quotes a lone \r too
    return text.encode("utf-8-sig")


def frame_to_xlsx_bytes(df: pd.DataFrame, *, sheet_name: str = "Data") -> bytes:
    """Return the frame as an XLSX workbook: bold header, sensible widths, values only."""
    safe = neutralise_frame(df)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(sheet_name)
    ws.append([str(c) for c in safe.columns])
    for row in safe.itertuples(index=False, name=None):
        ws.append([_xlsx_value(v) for v in row])
    for cells in ws.iter_rows():
        for cell in cells:
            if cell.data_type == "f":  # belt and braces: never write a formula
                cell.data_type = "s"
            if isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for i, column in enumerate(ws.iter_cols(), start=1):
        longest = max((_display_width(c.value) for c in column), default=8)
        ws.column_dimensions[get_column_letter(i)].width = min(max(longest + 2, 8), MAX_COLUMN_WIDTH)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def frame_to_markdown(df: pd.DataFrame) -> str:
    """Return the frame as a Markdown table (pipes escaped, newlines as ``<br>``)."""
    safe = neutralise_frame(df)
    header = [_md_cell(c) for c in safe.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    for row in safe.itertuples(index=False, name=None):
        lines.append("| " + " | ".join(_md_cell(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def statement_frame_for_export(st: Statement) -> pd.DataFrame:
    """Return the statement rows with their printed column headings."""
    rows = [[getattr(r, f) for f in ROW_FIELDS] for r in st.rows]
    return pd.DataFrame(rows, columns=[HEADERS[f] for f in ROW_FIELDS], dtype=object)


def statement_to_csv_bytes(st: Statement) -> bytes:
    """Return the statement rows as CSV (heading, stakeholders, activities, dates, outcomes)."""
    return frame_to_csv_bytes(statement_frame_for_export(st))


def statement_to_markdown(st: Statement) -> str:
    """Return the statement as Markdown: title, period, summary, then the table by heading."""
    lines = ["# Participation statement", "", f"Period: {st.period_text}", ""]
    lines += [_md_text(s) for s in summary_sentences(st)]
    lines += ["", f"_{protection_sentence(st.k)}_", ""]
    columns = [HEADERS[f] for f in ROW_FIELDS[1:]]
    lines += ["| " + " | ".join(columns) + " |", "|" + "|".join(" --- " for _ in columns) + "|"]
    category = None
    for row in st.rows:
        if row.category != category:
            category = row.category
            heading = _md_cell(neutralise_cell(category))
            lines.append(f"| **{heading}** |" + " |" * (len(columns) - 1))
        cells = [_md_cell(neutralise_cell(getattr(row, f))) for f in ROW_FIELDS[1:]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _safe_text(value: Any) -> Any:
    """Return a cell ready to export: lists joined, text neutralised, missing as None."""
    if isinstance(value, (list, tuple, set)):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = "; ".join(f"{k}: {v}" for k, v in value.items())
    return neutralise_cell(_plain(value))


def _plain(value: Any) -> Any:
    """Return Python scalars for numpy/pandas ones and None for missing values."""
    if value is None or isinstance(value, (list, tuple, set, dict, str, datetime, date)):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def _xlsx_value(value: Any) -> Any:
    """Return a value openpyxl can write as a plain value."""
    value = _plain(value)
    if value is None or isinstance(value, (bool, int, str, datetime, date)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return neutralise_cell(str(value))


def _display_width(value: Any) -> int:
    """Return the width of the longest line of a cell's text."""
    if value is None:
        return 0
    return max((len(line) for line in str(value).splitlines()), default=0)


def _md_text(value: Any) -> str:
    """Return text safe for a Markdown paragraph (neutralised, newlines kept as breaks)."""
    return str(neutralise_cell(value)).replace("\r", "")


def _md_cell(value: Any) -> str:
    """Return text safe inside a Markdown table cell."""
    value = _plain(value)
    if value is None:
        return ""
    text = str(value).replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
