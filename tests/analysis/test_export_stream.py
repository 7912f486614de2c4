"""Streaming CSV and XLSX writer: same CSV as the whole-frame export, neutralised, split across sheets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis import export_stream
from analysis.export_stream import ExportWriter, frame_batches
from analysis.exports import frame_to_csv_bytes

FRAME = pd.DataFrame(
    {
        "id": [1, 2, 3, 4, 5],
        "date": [dt.date(2026, 3, 12)] * 5,
        "text": ['=HYPERLINK("http://x")', "plain, with comma", "two\nlines", "@SUM(A1)", "-1 + 2"],
        "flag": [True, False, True, False, True],
        "score": [0.5, None, -0.25, 1.0, 0.0],
    }
)


def written(tmp_path: Path, frame: pd.DataFrame, batch: int = 2) -> tuple[Path, Path]:
    """The frame streamed through the writer in batches; the CSV and XLSX paths."""
    csv, xlsx = tmp_path / "out.csv", tmp_path / "out.xlsx"
    writer = ExportWriter(csv, xlsx, list(frame.columns), "Comments")
    for part in frame_batches(frame, batch):
        writer.write(part)
    writer.close()
    return csv, xlsx


def test_the_csv_matches_the_whole_frame_export(tmp_path: Path) -> None:
    csv, _ = written(tmp_path, FRAME)
    whole = tmp_path / "whole.csv"
    whole.write_bytes(frame_to_csv_bytes(FRAME))
    streamed = pd.read_csv(csv, encoding="utf-8-sig", keep_default_na=False)
    assert streamed.equals(pd.read_csv(whole, encoding="utf-8-sig", keep_default_na=False))
    assert csv.read_bytes().startswith(b"\xef\xbb\xbfid,date,text") and b"\r\n" in csv.read_bytes()


def test_formulas_are_neutralised_and_never_written_as_formulas(tmp_path: Path) -> None:
    csv, xlsx = written(tmp_path, FRAME)
    texts = list(pd.read_csv(csv, encoding="utf-8-sig")["text"])
    assert texts[0] == '\'=HYPERLINK("http://x")' and texts[3] == "'@SUM(A1)" and texts[4] == "'-1 + 2"
    cells = [c for row in load_workbook(xlsx).active.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert {'\'=HYPERLINK("http://x")', "'@SUM(A1)", "two\nlines"} <= {c.value for c in cells}


def test_rows_past_a_sheet_continue_on_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_stream, "MAX_SHEET_ROWS", 2)
    _, xlsx = written(tmp_path, FRAME)
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Comments", "Comments 2", "Comments 3"]
    ids = [row[0] for sheet in book for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == [1, 2, 3, 4, 5]
    assert all(sheet["A1"].value == "id" for sheet in book)


def test_an_empty_export_still_has_its_headings(tmp_path: Path) -> None:
    csv, xlsx = written(tmp_path, FRAME.iloc[0:0])
    assert csv.read_bytes() == b"\xef\xbb\xbfid,date,text,flag,score\r\n"
    assert [c.value for c in load_workbook(xlsx).active[1]] == list(FRAME.columns)
