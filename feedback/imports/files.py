"""Read a CSV or XLSX file of responses into a table of text cells, or say clearly why not."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

import pandas as pd

MAX_ROWS = 200_000
SUFFIXES = (".csv", ".xlsx")


class ImportFileError(ValueError):
    """A file that cannot be read as a table of responses (the message says what to do)."""


@dataclass(frozen=True)
class ReadTable:
    """A file read as text cells: every column a string, blanks as ""; and how it was read."""

    frame: pd.DataFrame
    notes: tuple[str, ...] = ()


def _decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text of a CSV: UTF-8 (with or without a byte-order mark), else Windows-1252 with a note."""
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ("The file is not UTF-8; it was read as Windows-1252 (Excel's CSV).",)
    except UnicodeDecodeError:
        raise ImportFileError(
            "The file's characters cannot be read. Save it from Excel as 'CSV UTF-8' and try again."
        ) from None


def _delimiter(text: str) -> str:
    """The CSV's delimiter: comma, semicolon or tab, by looking at its start."""
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _clean(raw: pd.DataFrame) -> pd.DataFrame:
    """The first row as trimmed headings; cells as text, blanks as "", whole numbers without ".0"."""
    if raw.empty:
        raise ImportFileError("The file is empty.")
    raw = raw.fillna("").astype(str)
    headers = [h.strip() for h in raw.iloc[0]]
    frame = raw.iloc[1:].reset_index(drop=True)
    if any(not h for h in headers):
        raise ImportFileError(
            "Some columns have no heading in the first row. Give every column a heading and try again."
        )
    if len(set(headers)) != len(headers):
        dupes = sorted({h for h in headers if headers.count(h) > 1})
        raise ImportFileError(f"Two columns share a heading ({', '.join(dupes)}). Rename one and try again.")
    frame.columns = headers
    frame = frame.apply(lambda col: col.str.replace(r"^(-?\d+)\.0$", r"\1", regex=True))
    blank = (frame.apply(lambda col: col.str.strip()) == "").all(axis=1)
    return frame[~blank].reset_index(drop=True)


def _read_csv(data: bytes) -> ReadTable:
    text, notes = _decode(data)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=_delimiter(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        raise ImportFileError(
            f"The CSV cannot be read as a table ({type(exc).__name__}); check it opens in a spreadsheet."
        ) from None
    return ReadTable(_clean(frame), notes)


def _read_xlsx(data: bytes) -> ReadTable:
    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0, header=None, dtype=str, engine="openpyxl")
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        raise ImportFileError(
            f"The file is not a readable Excel workbook ({type(exc).__name__}). Save it as .xlsx and try again."
        ) from None
    return ReadTable(_clean(frame), ("Read the first sheet of the workbook.",))


def read_table(data: bytes, filename: str) -> ReadTable:
    """Read CSV or XLSX bytes into text cells; raise ImportFileError naming the problem."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in SUFFIXES:
        raise ImportFileError(f"Choose a .csv or .xlsx file (not {suffix or 'a file without an ending'}).")
    if not data.strip():
        raise ImportFileError("The file is empty.")
    table = _read_csv(data) if suffix == ".csv" else _read_xlsx(data)
    if table.frame.empty:
        raise ImportFileError("The file has headings but no rows of responses.")
    if len(table.frame) > MAX_ROWS:
        raise ImportFileError(f"The file has {len(table.frame):,} rows; split it into files of {MAX_ROWS:,}.")
    return table
