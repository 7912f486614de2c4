"""Tests for the 'you said, we did' summary and its exports."""

from __future__ import annotations

import io
from datetime import date

import docx
import pandas as pd
import pytest

from analysis.disclosure import MAX_NOISE
from analysis.suppression import SUPPRESSED
from analysis.you_said_we_did import (
    ACTION_HEADERS,
    THEME_HEADERS,
    Quote,
    build_you_said_we_did,
    you_said_we_did_to_docx_bytes,
    you_said_we_did_to_markdown,
)

PERIOD = {"locality": "Clydesdale", "start": date(2025, 4, 1), "end": date(2026, 3, 31)}


def themes() -> pd.DataFrame:
    """Return theme counts: housing is large, travel is small, stigma is zero."""
    return pd.DataFrame(
        {
            "theme": ["Travel and venue", "Housing", "Staff", "Stigma"],
            "count": [4, 40, 25, 0],
            "positive": [1, 10, 20, 0],
            "neutral": [1, 12, 3, 0],
            "negative": [2, 18, 2, 0],
        }
    )


def actions() -> pd.DataFrame:
    """Return one action of each status, out of order."""
    return pd.DataFrame(
        {
            "heard": ["Buses stop too early", "Housing forms are hard", "=cmd", "More evening sessions"],
            "will_do": ["Ask SPT about times", "Run a form clinic", "Nothing", "Open on Tuesdays"],
            "owner_partner": ["Council", "Council", "Sacro", None],
            "due_date": [date(2025, 9, 1), date(2025, 6, 1), None, pd.NaT],
            "status": ["in_progress", "done", "not_taken_forward", "planned"],
            "reason": [None, None, "Outside our remit", None],
            "we_did_text": ["Met SPT", "Clinic runs monthly", None, None],
        }
    )


QUOTES = [
    ("The staff listened to me.", "Staff"),
    {"text": "  ", "theme": "Staff"},
    Quote("-Housing is hard", "Housing"),
]


def build(**kw: object) -> object:
    """Return a summary built from the sample data."""
    return build_you_said_we_did(themes(), QUOTES, actions(), **PERIOD, **kw)


def test_themes_are_sorted_suppressed_and_zero_themes_dropped() -> None:
    y = build(k=10)
    assert list(y.themes.columns) == list(THEME_HEADERS)
    # Travel and venue (4 comments) is left out: a row only where the published total is a number.
    assert y.themes["Theme"].tolist() == ["Housing", "Staff"]
    housing, staff = y.themes.values.tolist()
    # Counts of k or more carry the cell-key noise and show only at k + MAX_NOISE or more (so a
    # count just above k may read [c]); small ones always read [c].
    for shown, true in zip([*housing[1:], *staff[1:3]], [40, 10, 12, 18, 25, 20], strict=True):
        if true >= 10 + 2 * MAX_NOISE or shown != SUPPRESSED:
            assert shown >= 10 + MAX_NOISE and abs(shown - true) <= MAX_NOISE
    assert staff[3:] == [SUPPRESSED, SUPPRESSED]


@pytest.mark.parametrize(("top", "names"), [(None, 2), (1, 1), (2, 2), (10, 2)])
def test_top_limits_themes(top: int | None, names: int) -> None:
    assert len(build(top=top).themes) == names


def test_count_must_match_sentiments() -> None:
    bad = themes().assign(count=[5, 40, 25, 0])
    with pytest.raises(ValueError, match="count must equal"):
        build_you_said_we_did(bad, [], actions(), **PERIOD)


@pytest.mark.parametrize("column", ["theme", "positive", "neutral", "negative"])
def test_themes_columns_required(column: str) -> None:
    with pytest.raises(ValueError, match=column):
        build_you_said_we_did(themes().drop(columns=[column]), [], actions(), **PERIOD)


def test_quotes_normalised() -> None:
    assert build().quotes == (
        Quote("The staff listened to me.", "Staff"),
        Quote("-Housing is hard", "Housing"),
    )


def test_actions_ordered_and_worded_by_status() -> None:
    items = build().actions
    assert [a.status for a in items] == ["Done", "In progress", "Planned", "Not taken forward"]
    done, doing, planned, dropped = items
    assert done.response == "We did: Clinic runs monthly"
    assert done.when == "1 June 2025"
    assert doing.response == "We will: Ask SPT about times\nSo far: Met SPT"
    assert planned.response == "We will: Open on Tuesdays"
    assert planned.owner == ""
    assert planned.when == ""
    assert dropped.response == "Not taken forward: Outside our remit"


def test_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown action status: 'maybe'"):
        build_you_said_we_did(themes(), [], actions().assign(status="maybe"), **PERIOD)


def test_markdown() -> None:
    md = you_said_we_did_to_markdown(build())
    assert md.startswith("# You said, we did: Clydesdale\n\nPeriod: 1 April 2025 to 31 March 2026\n")
    assert "| Theme | Comments | Positive | Neutral | Negative |" in md
    assert "Travel and venue" not in md
    assert "> “'-Housing is hard” (Housing)" in md
    assert "| '=cmd | Not taken forward: Outside our remit | Sacro |  | Not taken forward |" in md
    assert "We will: Ask SPT about times<br>So far: Met SPT" in md
    assert "any below 10, none included, and some just above it show as [c]" in md


def test_markdown_when_empty() -> None:
    y = build_you_said_we_did(themes().iloc[0:0], [], actions().iloc[0:0], **PERIOD)
    md = you_said_we_did_to_markdown(y)
    assert "No comments were recorded in this period." in md
    assert "No actions have been agreed yet." in md
    assert "In your words" not in md


def test_docx_tables_and_neutralising() -> None:
    document = docx.Document(io.BytesIO(you_said_we_did_to_docx_bytes(build())))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    theme_table, action_table = tables
    assert theme_table[0] == list(THEME_HEADERS)
    assert theme_table[1][0] == "Housing" and abs(int(theme_table[1][1]) - 40) <= MAX_NOISE
    assert len(theme_table) == 3  # the header, Housing and Staff
    assert action_table[0] == list(ACTION_HEADERS)
    assert action_table[4][0] == "'=cmd"
    assert action_table[1] == [
        "Housing forms are hard",
        "We did: Clinic runs monthly",
        "Council",
        "1 June 2025",
        "Done",
    ]
    texts = [p.text for p in document.paragraphs]
    assert "You said, we did: Clydesdale" in texts
    assert "“'-Housing is hard” (Housing)" in texts
