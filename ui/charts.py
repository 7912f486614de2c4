"""Altair chart builders for the overview; they only ever receive counts already suppressed.

A suppressed cell (``[c]``) is never given to a chart as a number: heatmap cells come through
blank with a "[c]" label, and bar charts leave them out (the table beneath says so).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.suppression import SUPPRESSED, TOTAL

SENTIMENT_COLOURS = {"positive": "#1b7837", "neutral": "#8c8c8c", "negative": "#b2182b"}


def long_shown(table: pd.DataFrame, *, row_name: str, col_name: str) -> pd.DataFrame:
    """A shown table (ints or ``[c]``, margins allowed) as long rows: count is None when hidden."""
    body = table.drop(index=TOTAL, errors="ignore").drop(columns=TOTAL, errors="ignore")
    records = []
    for row in body.index:
        for col in body.columns:
            value = body.at[row, col]
            hidden = value == SUPPRESSED
            records.append(
                {
                    row_name: str(row),
                    col_name: str(col),
                    "count": None if hidden else int(value),
                    "label": SUPPRESSED if hidden else str(value),
                }
            )
    return pd.DataFrame(records, columns=[row_name, col_name, "count", "label"])


def heatmap(table: pd.DataFrame, *, row_name: str, col_name: str, title: str) -> alt.Chart:
    """A heatmap of a shown table; hidden cells are blank with a "[c]" label."""
    data = long_shown(table, row_name=row_name, col_name=col_name)
    base = alt.Chart(data, title=title).encode(
        x=alt.X(f"{col_name}:N", title=col_name.capitalize(), axis=alt.Axis(labelAngle=-30)),
        y=alt.Y(f"{row_name}:N", title=row_name.capitalize()),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("count:Q", title="Comments", scale=alt.Scale(scheme="blues")),
        tooltip=[f"{row_name}:N", f"{col_name}:N", alt.Tooltip("label:N", title="Comments")],
    )
    text = base.mark_text(fontSize=12).encode(text="label:N")
    return (cells + text).properties(height=max(160, 28 * data[row_name].nunique()))


def stacked_bars(
    table: pd.DataFrame, *, row_name: str, col_name: str, title: str, colours: dict[str, str] | None = None
) -> alt.Chart:
    """Stacked bars of the shown cells only (hidden ones are left out, never drawn)."""
    data = long_shown(table, row_name=row_name, col_name=col_name).dropna(subset=["count"])
    colour = alt.Color(f"{col_name}:N", title=col_name.capitalize())
    if colours:
        colour = alt.Color(
            f"{col_name}:N",
            title=col_name.capitalize(),
            scale=alt.Scale(domain=list(colours), range=list(colours.values())),
        )
    return (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X(f"{row_name}:N", title=row_name.capitalize(), sort=None),
            y=alt.Y("count:Q", title="Count"),
            color=colour,
            tooltip=[f"{row_name}:N", f"{col_name}:N", alt.Tooltip("label:N", title="Count")],
        )
        .properties(height=260)
    )


def hidden_cells(table: pd.DataFrame) -> int:
    """How many body cells of a shown table are hidden (for the sentence under a chart)."""
    body = table.drop(index=TOTAL, errors="ignore").drop(columns=TOTAL, errors="ignore")
    return int((body == SUPPRESSED).sum().sum())


def shown_values(table: pd.DataFrame) -> int:
    """How many body cells of a shown table hold a non-zero count a chart may draw."""
    data = long_shown(table, row_name="r", col_name="c")
    return int((data["count"].fillna(0) > 0).sum())
