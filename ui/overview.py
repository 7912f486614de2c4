"""Overview dashboard: what people said in each locality, every figure small-number suppressed."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from analysis.linked_suppression import (
    Linked,
    as_text,
    pivot,
    relabel,
    shown_share,
    suppress_blocks,
    suppress_linked,
)
from analysis.params import COULD_IMPROVE, LOCALITIES, SENTIMENTS, STAKEHOLDER_GROUPS, WORKING_WELL
from analysis.suppression import SUPPRESSED, TOTAL, suppress_series, suppress_table, suppression_note
from feedback.admin.app_settings import get_suppression_k
from feedback.models import Survey
from feedback.reports.overview import Overview, compute_overview
from ui import charts
from ui.alerts_banner import show_reading_status
from ui.components import show_database_error
from ui.filters import filter_bar
from ui.state import require_page, session_factory

TOP_THEMES = 10
CHOICE_LABELS = {
    "1": "1 Very good",
    "2": "2 Good",
    "3": "3 Neither",
    "4": "4 Poor",
    "5": "5 Very poor",
    "dont_know": "Don't know",
}
TYPE_LABELS = {WORKING_WELL: "Working well", COULD_IMPROVE: "Could be improved"}


@st.cache_data(show_spinner="Hiding small numbers...", max_entries=64)
def _blocks(blocks: dict[str, pd.DataFrame], k: int) -> dict[str, pd.DataFrame]:
    return suppress_blocks(blocks, k=k)  # counts only, never personal data


@st.cache_data(show_spinner="Hiding small numbers...", max_entries=64, hash_funcs={Linked: repr})
def _linked(tables: dict[str, Linked], k: int) -> dict[str, pd.DataFrame]:
    return suppress_linked(tables, k=k)


@st.cache_data(show_spinner=False, max_entries=64)
def _table(table: pd.DataFrame, k: int) -> pd.DataFrame:
    return suppress_table(table, k=k)


@st.cache_data(show_spinner=False, max_entries=64)
def _series(series: pd.Series, k: int) -> pd.Series:
    return suppress_series(series, k=k)


def _counts_by_locality(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame.set_index("locality")[column] if not frame.empty else pd.Series(dtype="int64")


def _change(now: object, before: object, k: int) -> str:
    if not isinstance(now, int) or not isinstance(before, int) or now < k or before < k:
        return SUPPRESSED
    return f"{now - before:+d}"


def headline(data: Overview, sentiment: pd.DataFrame, people: pd.DataFrame, k: int) -> pd.DataFrame:
    """Per locality: activities, people, comments, sentiment shares and the change on last period."""
    activities = _series(_counts_by_locality(data.activities, "activities"), k)
    rows = list(dict.fromkeys([*sentiment.index, *people.index, *activities.index]))
    table = pd.DataFrame(index=rows)
    table["Activities"] = activities.reindex(rows).fillna(0)
    table["People engaged"] = people[TOTAL].reindex(rows).fillna(0) if TOTAL in people else 0
    table["Comments"] = sentiment[TOTAL].reindex(rows).fillna(0) if TOTAL in sentiment else 0
    for label in (s for s in SENTIMENTS if s in sentiment.columns):
        table[f"% {label}"] = [
            shown_share(sentiment.at[r, label], sentiment.at[r, TOTAL], k=k)
            if r in sentiment.index
            else SUPPRESSED
            for r in rows
        ]
    if data.previous is not None:
        before = _series(_counts_by_locality(data.previous.comments, "comments"), k).reindex(rows).fillna(0)
        table["Comments, previous period"] = before
        table["Change in comments"] = [_change(table.at[r, "Comments"], before[r], k) for r in rows]
    return relabel(table, rows=LOCALITIES)


def _chart_with_table(chart: object, table: pd.DataFrame, sentence: str) -> None:
    if charts.shown_values(table):
        st.altair_chart(chart, width="stretch")
    else:
        st.caption("No chart: every cell is hidden or zero, so there is nothing safe to draw.")
    st.caption(sentence)
    st.dataframe(as_text(table), width="stretch")


def _theme_tables(data: Overview, k: int) -> dict[str, pd.DataFrame] | None:
    if data.themes is None or data.themes.empty:
        return None
    names = data.themes.drop_duplicates("theme_id").set_index("theme_id")["theme"].to_dict()
    totals = data.themes.groupby("theme_id")["comments"].sum().sort_values(ascending=False)
    top = data.themes[data.themes["theme_id"].isin(totals.index[:TOP_THEMES])]
    blocks = {
        "locality": pivot(top, index="theme_id", columns="locality", values="comments"),
        "sentiment": pivot(top, index="theme_id", columns="sentiment", values="comments"),
    }
    shown = _blocks(blocks, k)
    return {
        "locality": relabel(shown["locality"], rows=names, columns=LOCALITIES),
        "sentiment": relabel(shown["sentiment"], rows=names),
    }


def _section_people(people: pd.DataFrame) -> None:
    st.subheader("People engaged, by stakeholder group")
    st.caption("Headcounts recorded at activities in the period.")
    st.dataframe(as_text(relabel(people, rows=LOCALITIES, columns=STAKEHOLDER_GROUPS)), width="stretch")


def _section_themes(data: Overview, k: int) -> None:
    st.subheader("Top themes")
    tables = _theme_tables(data, k)
    if tables is None:
        st.info("No themed comments in this selection.")
        return
    heat = tables["locality"]
    _chart_with_table(
        charts.heatmap(heat, row_name="theme", col_name="locality", title="Theme mentions by locality"),
        heat,
        f"Theme mentions by locality for the {len(heat) - 1} most frequent themes; "
        f"{charts.hidden_cells(heat)} small or protecting cells are hidden as [c].",
    )
    st.markdown("**Top themes with their sentiment**")
    st.dataframe(as_text(tables["sentiment"]), width="stretch")


def _section_working_well(data: Overview, shown_types: pd.DataFrame | None, k: int) -> None:
    st.subheader("Working well next to could be improved")
    if shown_types is None or shown_types.empty:
        st.info("No comments in this selection.")
        return
    table = shown_types.reindex(columns=[*TYPE_LABELS, TOTAL], fill_value=0)
    labels = {**TYPE_LABELS, TOTAL: "All comments"}
    st.dataframe(as_text(relabel(table, rows=LOCALITIES, columns=labels)), width="stretch")
    by_theme = data.themes_by_question_type
    if by_theme is None or by_theme.empty:
        return
    names = by_theme.drop_duplicates("theme_id").set_index("theme_id")["theme"].to_dict()
    counts = pivot(by_theme, index="theme_id", columns="question_type", values="comments")
    shown = _table(counts.reindex(columns=list(TYPE_LABELS), fill_value=0), k).drop(index=TOTAL)
    for column, (qtype, label) in zip(st.columns(2), TYPE_LABELS.items(), strict=True):
        ranked = shown[[qtype]][shown[qtype] != 0]
        # Ordered by what is shown only (hidden cells last), so the order gives nothing away.
        order = ranked[qtype].map(lambda v: -1 if v == SUPPRESSED else v)
        ranked = ranked.assign(_o=order).sort_values("_o", ascending=False, kind="stable").head(TOP_THEMES)
        column.markdown(f"**{label}: top themes**")
        column.dataframe(
            as_text(relabel(ranked[[qtype]], rows=names, columns={qtype: "Comments"})), width="stretch"
        )


def locality_tables(data: Overview, k: int) -> dict[str, pd.DataFrame]:
    """Comments by locality x sentiment, locality x question type and quarter x sentiment, suppressed
    together because they share their totals (separately only if the totals disagree)."""
    tables = {
        "sentiment": Linked(
            pivot(data.sentiment, index="locality", columns="sentiment", values="comments"),
            "locality",
            "sentiment",
        ),
        "question_type": Linked(
            pivot(data.question_types, index="locality", columns="question_type", values="comments"),
            "locality",
            "question_type",
        ),
    }
    trend = data.sentiment_trend
    if trend is not None and not trend.empty:
        order = list(dict.fromkeys(trend["period"]))
        by_quarter = pivot(trend, index="period", columns="sentiment", values="comments").reindex(order)
        tables["quarter"] = Linked(by_quarter, "quarter", "sentiment")
    if tables["sentiment"].frame.empty:
        return {}
    try:
        return _linked(tables, k)
    except ValueError:  # the quarters do not add up to the period: suppress them on their own
        quarter = tables.pop("quarter")
        return {**_linked(tables, k), "quarter": _table(quarter.frame, k)}


def _section_trend(table: pd.DataFrame) -> None:
    st.subheader("Sentiment by quarter")
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


def _section_ratings(data: Overview, k: int) -> None:
    st.subheader("Overall rating (kiosk surveys)")
    ratings = data.ratings
    if ratings is None or ratings.empty:
        st.info("No kiosk ratings in this selection.")
        return
    for question, rows in ratings.groupby("question"):
        table = pivot(rows, index="locality", columns="choice", values="answers")
        table = table.reindex(columns=[c for c in CHOICE_LABELS if c in table.columns])
        shown = relabel(_table(table, k), rows=LOCALITIES, columns=CHOICE_LABELS)
        _chart_with_table(
            charts.stacked_bars(
                shown, row_name="locality", col_name="rating", title=f"Answers to '{question}'"
            ),
            shown,
            f"Answers to the '{question}' rating question by locality (1 = very good, 5 = very poor); "
            f"{charts.hidden_cells(shown)} hidden cells are left out of the chart.",
        )


user = require_page("overview")
st.title("Overview")
show_reading_status(user)
factory = session_factory()
try:
    with factory() as session:
        surveys = {s.key: s.title for s in session.scalars(select(Survey).order_by(Survey.title))}
        k = get_suppression_k(session=session)
except SQLAlchemyError:
    show_database_error("open the overview")
    st.stop()
choice = filter_bar(user=user, surveys=surveys)
with factory() as session:
    data = compute_overview(
        session=session, filters=choice.filters, buckets=choice.quarters, previous=choice.previous
    )
st.caption(f"{choice.label}. " + suppression_note(k))
panel = locality_tables(data, k)
sentiment = panel.get("sentiment", pd.DataFrame())
people_counts = pivot(data.people, index="locality", columns="stakeholder_group", values="people")
people = _table(people_counts, k) if not people_counts.empty else pd.DataFrame()
st.subheader("Each locality at a glance")
st.dataframe(as_text(headline(data, sentiment, people, k)), width="stretch", key="overview_headline")
st.caption(
    "Shares are shown only when at least "
    f"{k} comments lie behind them; change is shown only when both periods have at least {k}."
)
if not sentiment.empty:
    _chart_with_table(
        charts.stacked_bars(
            relabel(sentiment, rows=LOCALITIES),
            row_name="locality",
            col_name="sentiment",
            title="Comments by sentiment",
            colours=charts.SENTIMENT_COLOURS,
        ),
        relabel(sentiment, rows=LOCALITIES),
        "Comments by sentiment in each locality; hidden cells are left out of the chart.",
    )
if not people.empty:
    _section_people(people)
_section_themes(data, k)
_section_working_well(data, panel.get("question_type"), k)
_section_trend(panel.get("quarter", pd.DataFrame()))
_section_ratings(data, k)
