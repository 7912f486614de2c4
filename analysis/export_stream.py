"""Write a table to CSV and XLSX files as its rows arrive, in constant memory.

Rows come in batches (lists of dicts keyed by column); each batch is written to both files and
dropped, so a million rows cost no more memory than one batch. Every cell is neutralised as
analysis.exports does (a leading ``=``, ``+``, ``-``, ``@``, tab or return gets a ``'``). The CSV is
UTF-8 with a byte-order mark and CRLF rows, as ``frame_to_csv_bytes`` writes it. The XLSX goes
through XlsxWriter's ``constant_memory`` mode, strings written as strings (never formulas or
links), and continues on a new sheet past Excel's 1,048,576 rows.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from analysis.exports import MAX_COLUMN_WIDTH, export_cell, sheet_title

MAX_SHEET_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the heading row


def frame_batches(frame: pd.DataFrame, size: int = 2000) -> Iterator[list[dict]]:
    """A DataFrame as batches of row dicts (for the small tables that are built whole)."""
    for start in range(0, len(frame), size):
        yield frame.iloc[start : start + size].to_dict("records")


class ExportWriter:
    """CSV and XLSX files written together, batch by batch; ``close()`` finishes both."""

    def __init__(self, csv_path: Path, xlsx_path: Path, columns: Sequence[str], sheet: str) -> None:
        """Open both files and write the heading row."""
        self.columns = list(columns)
        self.rows = 0
        self._csv_file = open(csv_path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed in close()
        self._csv = csv.writer(self._csv_file, lineterminator="\r\n")
        self._csv.writerow([export_cell(c) for c in self.columns])
        self._book = xlsxwriter.Workbook(
            str(xlsx_path),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "remove_timezone": True,
            },
        )
        self._bold = self._book.add_format({"bold": True})
        self._wrap = self._book.add_format({"text_wrap": True, "valign": "top"})
        self._day = self._book.add_format({"num_format": "yyyy-mm-dd"})
        self._sheet_name = sheet_title(sheet)
        self._sheets: list = []
        self._sheet = None
        self._sheet_row = 0
        self._widths = [len(str(c)) for c in self.columns]

    def write(self, batch: Iterable[dict]) -> None:
        """Write a batch of rows (dicts by column) to both files."""
        for record in batch:
            cells = [export_cell(record.get(c)) for c in self.columns]
            self._csv.writerow(["" if v is None else v for v in cells])
            if self._sheet is None or self._sheet_row > MAX_SHEET_ROWS:
                self._new_sheet()
            for col, value in enumerate(cells):
                self._cell(col, value)
            self._sheet_row += 1
            self.rows += 1

    def close(self) -> None:
        """Finish both files."""
        self._csv_file.close()
        if self._sheet is None:
            self._new_sheet()
        for sheet in self._sheets:  # widths from every row seen (XlsxWriter writes columns at the end)
            for col, width in enumerate(self._widths):
                sheet.set_column(col, col, min(max(width + 2, 8), MAX_COLUMN_WIDTH))
        self._book.close()

    def _new_sheet(self) -> None:
        number = len(self._sheets) + 1
        name = self._sheet_name if number == 1 else f"{self._sheet_name[:27]} {number}"
        self._sheet = self._book.add_worksheet(name)
        self._sheets.append(self._sheet)
        for col, title in enumerate(self.columns):
            self._sheet.write_string(0, col, str(export_cell(title)), self._bold)
        self._sheet.freeze_panes(1, 0)
        self._sheet_row = 1

    def _cell(self, col: int, value: Any) -> None:
        sheet, row = self._sheet, self._sheet_row
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return
        if isinstance(value, bool):
            sheet.write_boolean(row, col, value)
        elif isinstance(value, (int, float)):
            sheet.write_number(row, col, value)
        elif isinstance(value, (datetime, date)):
            sheet.write_datetime(row, col, value, self._day)
            self._widths[col] = max(self._widths[col], 10)
        else:
            text = str(value)
            longest = max((len(line) for line in text.splitlines()), default=0)
            self._widths[col] = max(self._widths[col], longest)
            sheet.write_string(row, col, text, self._wrap if "\n" in text else None)
