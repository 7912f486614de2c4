"""The overview's published tables: every count of people or comments through the cell-key layer.

Pure pandas on an :class:`feedback.reports.overview.Overview` (counts and cell keys); the page only
draws what this returns, and the attacker tests read the same tables. Activities are not about
people, so they are shown exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.disclosure import KEY_SPACE, publish_long, publish_series, shown_share
from analysis.params import (
    COULD_IMPROVE,
    LOCALITIES,
    QUESTION_TYPES,
    SENTIMENTS,
    STAKEHOLDER_GROUPS,
    WORKING_WELL,
)
from analysis.suppression import SUPPRESSED, TOTAL
from feedback.filters import ReviewFilter
from feedback.reports.overview import Overview

TOP_THEMES = 10
TYPE_LABELS = {WORKING_WELL: "Working well", COULD_IMPROVE: "Could be improved"}
CHOICE_LABELS = {
    "1": "1 Very good",
    "2": "2 Good",
    "3": "3 Neither",
    "4": "4 Poor",
    "5": "5 Very poor",
    "dont_know": "Don't know",
}


@dataclass(frozen=True)
class ShownOverview:
    """Every table the overview publishes (ids as labels; the page relabels them)."""

    headline: pd.DataFrame
    sentiment: pd.DataFrame
    question_type: pd.DataFrame
    quarter: pd.DataFrame
    people: pd.DataFrame
    themes_by_locality: pd.DataFrame
    themes_by_sentiment: pd.DataFrame
    themes_by_question_type: pd.DataFrame
    ratings: dict[str, pd.DataFrame]
    theme_names: dict[str, str]


def _table(
    frame: pd.DataFrame | None,
    index: str,
    columns: str,
    value: str,
    k: int,
    rows: Sequence | None = None,
    cols: Sequence | None = None,
) -> pd.DataFrame:
    if frame is None:
        frame = pd.DataFrame(columns=[index, columns, "key", value])
    return publish_long(frame, index=index, columns=columns, value=value, k=k, rows=rows, cols=cols)


def _change(now: object, before: object, k: int) -> str:
    if not isinstance(now, int) or not isinstance(before, int) or now < k or before < k:
        return SUPPRESSED
    return f"{now - before:+d}"


def headline(
    data: Overview, sentiment: pd.DataFrame, people: pd.DataFrame, k: int, places: Sequence[str]
) -> pd.DataFrame:
    """Per locality: activities (exact), people, comments, sentiment shares and the change on last period."""
    rows = [*places, TOTAL]
    table = pd.DataFrame(index=rows)
    exact = data.activities.set_index("locality")["activities"] if not data.activities.empty else pd.Series()
    exact = exact[exact.index.isin(places)]
    table["Activities"] = [int(exact.sum()) if r == TOTAL else int(exact.get(r, 0)) for r in rows]
    table["People engaged"] = people[TOTAL].reindex(rows)
    table["Comments"] = sentiment[TOTAL].reindex(rows)
    for label in (s for s in SENTIMENTS if s in sentiment.columns):
        table[f"% {label}"] = [shown_share(sentiment.at[r, label], sentiment.at[r, TOTAL], k=k) for r in rows]
    if data.previous is not None:
        earlier = data.previous.comments
        by_place = earlier.set_index("locality").reindex(list(places)).fillna(0)
        before = publish_series(by_place["comments"], by_place["key"].astype("int64"), k=k)
        table["Comments, previous period"] = before
        table["Change in comments"] = [_change(table.at[r, "Comments"], before[r], k) for r in rows]
    return table


def shown_themes(themes: pd.DataFrame | None, k: int, top: int | None = None) -> list[str]:
    """Theme ids whose published total is a number, most mentioned first (by published values only,
    so neither the choice nor the order says anything about a hidden count)."""
    if themes is None or themes.empty:
        return []
    sums = themes.groupby("theme_id")[["comments", "key"]].sum()
    shown = publish_series(sums["comments"], sums["key"] % KEY_SPACE, k=k, total=False)
    score = shown[shown != SUPPRESSED].astype(int).sort_index()
    return list(score.sort_values(ascending=False, kind="stable").index[:top])


def shown_overview(
    data: Overview, k: int, *, filters: ReviewFilter, quarters: Sequence[str] = ()
) -> ShownOverview:
    """Every overview table as published (cell-key perturbed counts, exact activities).

    Tables have a fixed shape: every locality and stakeholder group in the filter's scope, every
    sentiment, question type, quarter and rating choice, whether or not anyone is in them.
    """
    places = filters.localities or tuple(LOCALITIES)
    groups = filters.stakeholder_groups or tuple(STAKEHOLDER_GROUPS)
    sentiment = _table(data.sentiment, "locality", "sentiment", "comments", k, places, SENTIMENTS)
    people = _table(data.people, "locality", "stakeholder_group", "people", k, places, groups)
    trend = data.sentiment_trend
    quarter = (
        _table(trend, "period", "sentiment", "comments", k, quarters, SENTIMENTS)
        if quarters
        else pd.DataFrame()
    )
    themes = shown_themes(data.themes, k, TOP_THEMES)
    top = data.themes[data.themes["theme_id"].isin(themes)] if themes else None
    by_locality = (
        _table(top, "theme_id", "locality", "comments", k, themes, places) if themes else pd.DataFrame()
    )
    by_sentiment = (
        _table(top, "theme_id", "sentiment", "comments", k, themes, SENTIMENTS) if themes else pd.DataFrame()
    )
    typed = shown_themes(data.themes_by_question_type, k)
    by_type = (
        _table(
            data.themes_by_question_type, "theme_id", "question_type", "comments", k, typed, QUESTION_TYPES
        )
        if typed
        else pd.DataFrame()
    )
    ratings: dict[str, pd.DataFrame] = {}
    if data.ratings is not None and not data.ratings.empty:
        for question, rows in data.ratings.groupby("question"):
            table = _table(rows, "locality", "choice", "answers", k, places, CHOICE_LABELS)
            if table.at[TOTAL, TOTAL] != SUPPRESSED:  # a question only where its total shows
                ratings[str(question)] = table
    names: dict[str, str] = {}
    for frame in (data.themes, data.themes_by_question_type):
        if frame is not None and not frame.empty:
            names.update(frame.drop_duplicates("theme_id").set_index("theme_id")["theme"].to_dict())
    return ShownOverview(
        headline=headline(data, sentiment, people, k, places),
        sentiment=sentiment,
        question_type=_table(
            data.question_types, "locality", "question_type", "comments", k, places, QUESTION_TYPES
        ),
        quarter=quarter,
        people=people,
        themes_by_locality=by_locality,
        themes_by_sentiment=by_sentiment,
        themes_by_question_type=by_type,
        ratings=ratings,
        theme_names=names,
    )


def top_by_question_type(shown: ShownOverview, qtype: str) -> pd.DataFrame:
    """The most mentioned themes for one question type, ranked by shown values (hidden last)."""
    table = shown.themes_by_question_type
    if table.empty or qtype not in table.columns:
        return pd.DataFrame(columns=["Comments"], dtype=object)
    body = table.drop(index=TOTAL, errors="ignore")[[qtype]]
    body = body[body[qtype] != 0]
    order = body[qtype].map(lambda v: -1 if v == SUPPRESSED else int(v))
    ranked = body.assign(_o=order).sort_values("_o", ascending=False, kind="stable").head(TOP_THEMES)
    return ranked[[qtype]].rename(columns={qtype: "Comments"})


def relabel(frame: pd.DataFrame, *, rows: dict | None = None, columns: dict | None = None) -> pd.DataFrame:
    """Plain labels for ids in the index and columns (unknown ids kept)."""
    out = frame.copy()
    if rows:
        out.index = [rows.get(r, r) for r in out.index]
    if columns:
        out.columns = [columns.get(c, c) for c in out.columns]
    return out
