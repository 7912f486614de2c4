"""AppTest of the overview dashboard: figures shown, suppression, locality scope, filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from analysis.disclosure import MAX_NOISE
from analysis.params import LOCALITIES
from analysis.suppression import SUPPRESSED, TOTAL
from feedback.fixtures import BIG, SENTIMENTS, SMALL
from tests.ui.conftest import sign_in_state, signed_in

PAGE = str(Path(__file__).resolve().parents[2] / "ui" / "overview.py")


def _headline(at: AppTest):
    return next(d.value for d in at.dataframe if "Comments" in d.value.columns)


def _near(shown: str, true: int) -> bool:
    """A published count: within the noise of the true one and never below k."""
    return shown != SUPPRESSED and abs(int(shown) - true) <= MAX_NOISE and int(shown) >= 10


def _run(factory: sessionmaker[Session], role: str, locality: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    sign_in_state(at, signed_in(factory, role, locality))
    return at.run()


@pytest.mark.parametrize("role", ["reviewer", "admin"])
def test_overview_shows_counts_and_hides_small_ones(seeded: sessionmaker[Session], role: str) -> None:
    at = _run(seeded, role)
    assert not at.exception
    table = _headline(at)
    small, big = LOCALITIES[SMALL], LOCALITIES[BIG]
    assert table.at[small, "Comments"] == SUPPRESSED
    people_and_comments = table.loc[small].drop("Activities")
    assert set(people_and_comments) <= {SUPPRESSED, "0"}, "nothing about a 3-comment locality may show"
    assert table.at[small, "Activities"] == "1" and table.at[big, "Activities"] == "1"  # not about people
    assert _near(table.at[big, "Comments"], len(SENTIMENTS) + 1)
    text = " ".join(c.value for c in at.caption)
    assert "any below 10, none included, and some just above it show as [c]" in text
    assert any("Theme mentions by locality" in c.value for c in at.caption)


def test_locality_lead_sees_only_their_locality(seeded: sessionmaker[Session]) -> None:
    at = _run(seeded, "locality_lead", BIG)
    assert not at.exception
    table = _headline(at)
    assert list(table.index) == [LOCALITIES[BIG], TOTAL]
    comments = table.at[LOCALITIES[BIG], "Comments"]
    assert _near(comments, len(SENTIMENTS) + 1)
    positive = next(d.value for d in at.dataframe if "positive" in d.value.columns).at[
        LOCALITIES[BIG], "positive"
    ]
    assert _near(positive, 14)
    assert table.at[LOCALITIES[BIG], "% positive"] == f"{int(positive) / int(comments) * 100:.0f}%"


def test_filtering_to_one_locality(seeded: sessionmaker[Session]) -> None:
    at = _run(seeded, "reviewer")
    at.multiselect(key="flt_localities").select(SMALL).run()
    assert not at.exception
    table = _headline(at)
    assert list(table.index) == [LOCALITIES[SMALL], TOTAL]
    assert table.at[LOCALITIES[SMALL], "Comments"] == SUPPRESSED
    assert table.at[LOCALITIES[SMALL], "% negative"] == SUPPRESSED


def test_staff_cannot_open_the_overview(seeded: sessionmaker[Session]) -> None:
    at = _run(seeded, "staff")
    assert at.error and "cannot open" in at.error[0].value
    assert not at.dataframe


def test_empty_database_says_so(db: sessionmaker[Session]) -> None:
    at = _run(db, "reviewer")
    assert not at.exception
    assert any("No theme has enough comments in this selection to be shown" in i.value for i in at.info)


LINKED_CASES = [
    # sentiment by locality, question type by locality, sentiment by quarter (same comments)
    ([[14, 12, 10], [3, 0, 0]], [[20, 16], [3, 0]], [[10, 6, 5], [7, 6, 5]]),
    ([[30, 25, 40], [12, 2, 15], [9, 9, 9]], [[50, 45], [20, 9], [13, 14]], [[51, 36, 64]]),
    ([[40, 40, 40], [40, 40, 40]], [[60, 60], [60, 60]], [[40, 40, 40], [40, 40, 40]]),
]


@pytest.mark.parametrize(("by_loc", "by_type", "by_quarter"), LINKED_CASES)
def test_linked_tables_hide_small_cells_consistently(by_loc: list, by_type: list, by_quarter: list) -> None:
    import pandas as pd

    from analysis.linked_suppression import Linked, suppress_linked

    sent = ["positive", "neutral", "negative"]
    tables = {
        "loc": Linked(pd.DataFrame(by_loc, columns=sent), "locality", "sentiment"),
        "type": Linked(pd.DataFrame(by_type, columns=["ww", "ci"]), "locality", "type"),
        "quarter": Linked(
            pd.DataFrame(by_quarter, columns=sent, index=[f"Q{i}" for i in range(len(by_quarter))]),
            "quarter",
            "sentiment",
        ),
    }
    shown = suppress_linked(tables, k=10)
    for name, table in tables.items():
        raw = table.frame.to_numpy()
        body = shown[name].drop(index=TOTAL, columns=TOTAL).to_numpy()
        for value, cell in zip(raw.ravel(), body.ravel(), strict=True):
            assert cell == (SUPPRESSED if 0 < value < 10 else cell)
            assert cell in (SUPPRESSED, value)
        for row in shown[name].drop(index=TOTAL).itertuples(index=False):
            assert sum(v == SUPPRESSED for v in row) != 1, "a lone hidden cell in a row is derivable"
    # Shared margins read the same in every table that shows them.
    assert list(shown["loc"][TOTAL]) == list(shown["type"][TOTAL])
    assert list(shown["loc"].loc[TOTAL]) == list(shown["quarter"].loc[TOTAL])


def test_linked_tables_refuse_disagreeing_totals() -> None:
    import pandas as pd

    from analysis.linked_suppression import Linked, suppress_linked

    tables = {
        "a": Linked(pd.DataFrame([[10, 20]]), "r", "c"),
        "b": Linked(pd.DataFrame([[10, 21]]), "r", "d"),
    }
    with pytest.raises(ValueError, match="disagree"):
        suppress_linked(tables, k=10)


@pytest.mark.parametrize(
    "cells", [[[3, 14], [12, 0]], [[SUPPRESSED, 40], [25, SUPPRESSED]], [[SUPPRESSED, SUPPRESSED], [0, 0]]]
)
def test_charts_never_carry_a_hidden_value(cells: list) -> None:
    import pandas as pd

    from ui import charts

    table = pd.DataFrame(cells, index=["A", "B"], columns=["x", "y"], dtype=object)
    bars = charts.stacked_bars(table, row_name="row", col_name="col", title="t").data
    heat = charts.heatmap(table, row_name="row", col_name="col", title="t").data
    hidden = {(r, c) for r in table.index for c in table.columns if table.at[r, c] == SUPPRESSED}
    assert {(r, c) for r, c in zip(bars["row"], bars["col"], strict=True)}.isdisjoint(hidden)
    assert all(
        v is None or v != v
        for v, label in zip(heat["count"], heat["label"], strict=True)
        if label == SUPPRESSED
    )
    assert charts.shown_values(table) == sum(1 for row in cells for v in row if v not in (SUPPRESSED, 0))
