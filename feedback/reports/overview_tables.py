"""The overview's published tables: every count of people or comments through the cell-key layer.

Pure pandas on an :class:`feedback.reports.overview.Overview` (counts and cell keys); the page only
draws what this returns, and the attacker tests read the same tables. Activities are not about
people, so they are shown exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.disclosure import publish_long, publish_series, shown_share
from analysis.params import COULD_IMPROVE, SENTIMENTS, WORKING_WELL
from analysis.suppression import SUPPRESSED, TOTAL
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


def _table(frame: pd.DataFrame | None, index: str, columns: str, value: str, k: int) -> pd.DataFrame:
    if frame is None or frame.empty:
        return pd.DataFrame(dtype=object)
    return publish_long(frame, index=index, columns=columns, value=value, k=k)


def _change(now: object, before: object, k: int) -> str:
    if not isinstance(now, int) or not isinstance(before, int) or now < k or before < k:
        return SUPPRESSED
    return f"{now - before:+d}"


def headline(data: Overview, sentiment: pd.DataFrame, people: pd.DataFrame, k: int) -> pd.DataFrame:
    """Per locality: activities (exact), people, comments, sentiment shares and the change on last period."""
    activities = data.activities.set_index("locality")["activities"] if not data.activities.empty else None
    rows = list(
        dict.fromkeys(
            [*sentiment.index, *people.index, *(activities.index if activities is not None else [])]
        )
    )
    if activities is not None:
        rows = [r for r in rows if r != TOTAL] + [TOTAL]
    table = pd.DataFrame(index=rows)
    exact = activities if activities is not None else pd.Series(dtype="int64")
    table["Activities"] = [int(exact.sum()) if r == TOTAL else int(exact.get(r, 0)) for r in rows]
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
        earlier = data.previous.comments
        before = (
            publish_series(
                earlier.set_index("locality")["comments"], earlier.set_index("locality")["key"], k=k
            )
            if not earlier.empty
            else pd.Series(dtype=object)
        )
        before = before.reindex(rows).fillna(0)
        table["Comments, previous period"] = before
        table["Change in comments"] = [_change(table.at[r, "Comments"], before[r], k) for r in rows]
    return table


def _top_themes(data: Overview, k: int) -> pd.DataFrame | None:
    """The rows of the themes most mentioned by their published totals (so the choice hides nothing)."""
    if data.themes is None or data.themes.empty:
        return None
    sums = data.themes.groupby("theme_id")[["comments", "key"]].sum()
    shown = publish_series(sums["comments"], sums["key"], k=k, total=False)
    score = shown.map(lambda v: -1 if v == SUPPRESSED else int(v)).sort_index()
    top = score.sort_values(ascending=False, kind="stable").index[:TOP_THEMES]
    return data.themes[data.themes["theme_id"].isin(top)]


def _ranked_order(table: pd.DataFrame) -> list:
    """Rows ordered by what is shown only (hidden cells last), so the order gives nothing away."""
    if table.empty:
        return []
    body = table.drop(index=TOTAL, errors="ignore")
    score = body[TOTAL].map(lambda v: -1 if v == SUPPRESSED else int(v))
    return [*score.sort_values(ascending=False, kind="stable").index, TOTAL]


def shown_overview(data: Overview, k: int) -> ShownOverview:
    """Every overview table as published (cell-key perturbed counts, exact activities)."""
    sentiment = _table(data.sentiment, "locality", "sentiment", "comments", k)
    people = _table(data.people, "locality", "stakeholder_group", "people", k)
    trend = data.sentiment_trend
    quarter = _table(trend, "period", "sentiment", "comments", k)
    if not quarter.empty:
        order = list(dict.fromkeys(trend["period"]))
        quarter = quarter.reindex([*order, TOTAL])
    top = _top_themes(data, k)
    by_locality = _table(top, "theme_id", "locality", "comments", k)
    by_sentiment = _table(top, "theme_id", "sentiment", "comments", k)
    by_locality = by_locality.reindex(_ranked_order(by_locality)) if not by_locality.empty else by_locality
    by_sentiment = by_sentiment.reindex(by_locality.index) if not by_locality.empty else by_sentiment
    by_type = _table(data.themes_by_question_type, "theme_id", "question_type", "comments", k)
    ratings: dict[str, pd.DataFrame] = {}
    if data.ratings is not None and not data.ratings.empty:
        for question, rows in data.ratings.groupby("question"):
            table = publish_long(rows, index="locality", columns="choice", value="answers", k=k)
            ratings[str(question)] = table.reindex(
                columns=[c for c in [*CHOICE_LABELS, TOTAL] if c in table.columns]
            )
    names: dict[str, str] = {}
    for frame in (data.themes, data.themes_by_question_type):
        if frame is not None and not frame.empty:
            names.update(frame.drop_duplicates("theme_id").set_index("theme_id")["theme"].to_dict())
    return ShownOverview(
        headline=headline(data, sentiment, people, k),
        sentiment=sentiment,
        question_type=_table(data.question_types, "locality", "question_type", "comments", k),
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
