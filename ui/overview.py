"""Overview dashboard: what people said in each locality, every count of people or comments protected."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from analysis.disclosure import protection_sentence
from analysis.linked_suppression import as_text
from analysis.params import LOCALITIES, STAKEHOLDER_GROUPS
from analysis.suppression import TOTAL
from feedback.reports.overview_tables import (
    CHOICE_LABELS,
    TYPE_LABELS,
    ShownOverview,
    relabel,
    shown_overview,
    top_by_question_type,
)
from ui import charts, report_cache
from ui.alerts_banner import show_reading_status
from ui.components import show_database_error
from ui.filters import filter_bar
from ui.state import require_page


def _chart_with_table(chart: object, table: pd.DataFrame, sentence: str) -> None:
    if charts.shown_values(table):
        st.altair_chart(chart, width="stretch")
    else:
        st.caption("No chart: every cell is hidden or zero, so there is nothing safe to draw.")
    st.caption(sentence)
    st.dataframe(as_text(_named(table)), width="stretch")


def _named(table: pd.DataFrame, name: str = "Locality") -> pd.DataFrame:
    """The table with a heading over its row labels (an empty header is an accessibility fault)."""
    return table if table.index.name else table.rename_axis(name)


def _section_people(people: pd.DataFrame) -> None:
    st.header("People engaged, by stakeholder group")
    st.caption("Headcounts recorded at activities in the period.")
    st.dataframe(
        as_text(_named(relabel(people, rows=LOCALITIES, columns=STAKEHOLDER_GROUPS))), width="stretch"
    )


def _section_themes(shown: ShownOverview, k: int) -> None:
    st.header("Top themes")
    if shown.themes_by_locality.empty:
        st.info(
            f"No theme has enough comments in this selection to be shown (counts below {k}, and some "
            "just above, read [c]), so none is shown."
        )
        return
    heat = _named(relabel(shown.themes_by_locality, rows=shown.theme_names, columns=LOCALITIES), "Theme")
    _chart_with_table(
        charts.heatmap(heat, row_name="theme", col_name="locality", title="Theme mentions by locality"),
        heat,
        f"Theme mentions by locality for the {len(heat) - 1} most frequent themes; "
        f"{charts.hidden_cells(heat)} small cells are hidden as [c].",
    )
    st.header("Top themes with their sentiment", divider=False)
    st.dataframe(
        as_text(_named(relabel(shown.themes_by_sentiment, rows=shown.theme_names), "Theme")), width="stretch"
    )


def _section_working_well(shown: ShownOverview) -> None:
    st.header("Working well next to could be improved")
    if shown.question_type.empty:
        st.info("No comments in this selection.")
        return
    table = shown.question_type.reindex(columns=[*TYPE_LABELS, TOTAL], fill_value=0)
    labels = {**TYPE_LABELS, TOTAL: "All comments"}
    st.dataframe(as_text(_named(relabel(table, rows=LOCALITIES, columns=labels))), width="stretch")
    if shown.themes_by_question_type.empty:
        return
    for column, (qtype, label) in zip(st.columns(2), TYPE_LABELS.items(), strict=True):
        column.text(f"{label}: top themes")
        ranked = top_by_question_type(shown, qtype)
        column.dataframe(as_text(relabel(ranked, rows=shown.theme_names)), width="stretch")


def _section_trend(table: pd.DataFrame) -> None:
    st.header("Sentiment by quarter")
    if table.empty:
        st.info("No comments in this selection.")
        return
    _chart_with_table(
        charts.stacked_bars(
            table,
            row_name="quarter",
            col_name="sentiment",
            title="Comments by sentiment and quarter",
            colours=charts.SENTIMENT_COLOURS,
        ),
        table,
        f"Comments by sentiment in each quarter; {charts.hidden_cells(table)} hidden cells are left out of the chart.",
    )


def _section_ratings(shown: ShownOverview) -> None:
    st.header("Overall rating (kiosk surveys)")
    if not shown.ratings:
        st.info("No kiosk ratings in this selection.")
        return
    for question, table in shown.ratings.items():
        labelled = relabel(table, rows=LOCALITIES, columns=CHOICE_LABELS)
        _chart_with_table(
            charts.stacked_bars(
                labelled, row_name="locality", col_name="rating", title=f"Answers to '{question}'"
            ),
            labelled,
            f"Answers to the '{question}' rating question by locality (1 = very good, 5 = very poor); "
            f"{charts.hidden_cells(labelled)} hidden cells are left out of the chart.",
        )


user = require_page("overview")
st.title("Overview")
show_reading_status(user)
try:
    database, version = report_cache.database_and_version()
    surveys, k = report_cache.surveys_and_k(database, version)
except SQLAlchemyError:
    show_database_error("open the overview")
    st.stop()
choice = filter_bar(user=user, surveys=surveys)
try:
    data = report_cache.overview(database, version, choice.filters, tuple(choice.quarters), choice.previous)
except SQLAlchemyError:
    show_database_error("count the overview")
    st.stop()
st.caption(f"{choice.label}. " + protection_sentence(k))
shown = shown_overview(data, k, filters=choice.filters, quarters=[q[0] for q in choice.quarters])
st.header("Each locality at a glance")
st.dataframe(
    as_text(_named(relabel(shown.headline, rows=LOCALITIES))), width="stretch", key="overview_headline"
)
st.caption(
    f"Shares are shown only when at least {k} comments lie behind them and neither the part nor the "
    f"rest is a small number; change is shown only when both periods have at least {k}."
)
if not shown.sentiment.empty:
    labelled = relabel(shown.sentiment, rows=LOCALITIES)
    _chart_with_table(
        charts.stacked_bars(
            labelled,
            row_name="locality",
            col_name="sentiment",
            title="Comments by sentiment",
            colours=charts.SENTIMENT_COLOURS,
        ),
        labelled,
        "Comments by sentiment in each locality; hidden cells are left out of the chart.",
    )
if not shown.people.empty:
    _section_people(shown.people)
_section_themes(shown, k)
_section_working_well(shown)
_section_trend(shown.quarter)
_section_ratings(shown)
