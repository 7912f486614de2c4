"""The participation statement: who took part, in what, when, and what came of it.

Built from activity records (input columns and the heading rule: analysis.statement_records).
Staff change headings and wording through :func:`statement_to_frame` and
:func:`statement_from_frame`; the records are never changed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from analysis.disclosure import KEY_SPACE, publish_series
from analysis.params import (
    ACTIVITY_KINDS,
    LOCALITIES,
    NOT_RECORDED,
    STAKEHOLDER_GROUPS,
    STATEMENT_CATEGORIES,
)
from analysis.periods import format_period, format_span
from analysis.statement_records import activity_records, clean_text, in_period, unique_names
from analysis.suppression import TOTAL, clamp_k

ROW_FIELDS: tuple[str, ...] = ("category", "stakeholders", "activity", "dates", "outcomes")
HEADERS: dict[str, str] = {
    "category": "Category",
    "stakeholders": "Stakeholders",
    "activity": "Consultation/involvement activities",
    "dates": "Dates",
    "outcomes": "Outcomes",
}
GROUPINGS: tuple[str, ...] = ("activity", "category")
FOUR_LOCALITIES: tuple[str, ...] = tuple(k for k in LOCALITIES if k != "south_lanarkshire_wide")


@dataclass
class StatementRow:
    """One row of the statement table; plain strings that staff may edit."""

    category: str
    stakeholders: str
    activity: str
    dates: str
    outcomes: str


@dataclass(frozen=True)
class StatementSummary:
    """Headline figures: activities, localities reached, partners, people by group (suppressed)."""

    activities: int
    localities: int
    partners: int
    people: pd.Series = field(compare=False)


@dataclass
class Statement:
    """A participation statement for one period, ready to edit and export."""

    start: date
    end: date
    grouping: str
    k: int
    summary: StatementSummary
    rows: list[StatementRow]

    @property
    def period_text(self) -> str:
        """Return the period in words, e.g. "1 April 2025 to 31 March 2026"."""
        return format_period(self.start, self.end)


def build_statement(
    activities: pd.DataFrame,
    *,
    start: date,
    end: date,
    grouping: str = "activity",
    k: int | None = None,
) -> Statement:
    """Build the statement from the activities overlapping ``start``..``end`` (inclusive).

    Args:
        activities: one row per activity, columns as in analysis.statement_records.
        start: first day of the period.
        end: last day of the period.
        grouping: "activity" (one row per activity) or "category" (one row per heading).
        k: suppression threshold for the people counts (clamped).

    Returns:
        A Statement whose rows are fresh copies, sorted by heading, then date, then title.
    """
    if grouping not in GROUPINGS:
        raise ValueError(f"grouping must be one of {', '.join(GROUPINGS)}")
    items = in_period(activity_records(activities), start, end)
    items.sort(key=lambda a: (STATEMENT_CATEGORIES.index(a["category"]), a["start"], a["title"]))
    rows = [_row(a) for a in items]
    if grouping == "category":
        rows = _merge_by_category(items)
    kk = clamp_k(k)
    return Statement(start, end, grouping, kk, _summary(items, kk), rows)


def statement_to_frame(st: Statement) -> pd.DataFrame:
    """Return the rows as an editable DataFrame with columns ``ROW_FIELDS``."""
    return pd.DataFrame([dataclasses.astuple(r) for r in st.rows], columns=list(ROW_FIELDS), dtype=object)


def statement_from_frame(st: Statement, df: pd.DataFrame) -> Statement:
    """Return a copy of ``st`` whose rows are the (edited) frame; empty rows are dropped."""
    missing = [c for c in ROW_FIELDS if c not in df.columns]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)}")
    rows = []
    for values in df[list(ROW_FIELDS)].itertuples(index=False, name=None):
        texts = [clean_text(v) for v in values]
        if any(texts[1:]):  # a heading alone is an empty row
            rows.append(StatementRow(*texts))
    return dataclasses.replace(st, rows=rows)


def summary_sentences(st: Statement) -> list[str]:
    """Return the summary in plain sentences (people counts already suppressed)."""
    s = st.summary
    people = "; ".join(f"{label} {value}" for label, value in s.people.items() if label != TOTAL)
    reach = (
        "all four localities"
        if s.localities == len(FOUR_LOCALITIES)
        else f"{s.localities} of the four localities"
    )
    return [
        f"{s.activities} {_plural(s.activities, 'activity', 'activities')} across "
        f"{reach}, with {s.partners} "
        f"{_plural(s.partners, 'partner', 'partners')} involved.",
        f"People who took part: {s.people.get(TOTAL, 0)} ({people}).",
    ]


def _row(a: dict) -> StatementRow:
    """Return the statement row of one activity."""
    return StatementRow(a["category"], _stakeholders([a]), _activity_text(a), _dates(a), _outcomes(a))


def _merge_by_category(items: list[dict]) -> list[StatementRow]:
    """Return one row per heading; activity and date lines stay aligned."""
    rows = []
    for category in STATEMENT_CATEGORIES:
        group = [a for a in items if a["category"] == category]
        if not group:
            continue
        outcomes = [
            f"{a['title']}: {_outcomes(a)}" if len(group) > 1 else _outcomes(a) for a in group if _outcomes(a)
        ]
        rows.append(
            StatementRow(
                category,
                _stakeholders(group),
                "\n".join(_activity_text(a) for a in group),
                "\n".join(_dates(a) for a in group),
                "\n\n".join(outcomes),
            )
        )
    return rows


def _stakeholders(group: list[dict]) -> str:
    """Return who took part: stakeholder group labels, then a partners line."""
    groups = [
        label
        for key, label in STAKEHOLDER_GROUPS.items()
        if key != NOT_RECORDED and any(a["attendance"].get(key, 0) > 0 for a in group)
    ]
    partners = unique_names([p for a in group for p in a["partners"]])
    lines = ["; ".join(groups)] if groups else []
    if partners:
        lines.append("Partners: " + ", ".join(partners))
    return "\n".join(lines)


def _activity_text(a: dict) -> str:
    """Return "Title (kind, locality)"."""
    kind = ACTIVITY_KINDS.get(a["kind"], a["kind"])
    locality = LOCALITIES.get(a["locality"], a["locality"])
    details = ", ".join(x for x in (kind, locality) if x)
    return f"{a['title']} ({details})" if details else a["title"]


def _dates(a: dict) -> str:
    """Return the activity's dates in words."""
    return format_span(a["start"], a["end"])


def _outcomes(a: dict) -> str:
    """Return the outcomes text followed by one bullet line per action."""
    lines = [a["outcomes"]] if a["outcomes"] else []
    lines += [f"• {line}" for line in a["actions"]]
    return "\n".join(lines)


def _summary(items: list[dict], k: int) -> StatementSummary:
    """Return the headline figures; people counts pass the disclosure layer (cell keys)."""
    reached: set[str] = set()
    for a in items:
        reached |= set(FOUR_LOCALITIES) if a["locality"] == "south_lanarkshire_wide" else {a["locality"]}
    counts = dict.fromkeys(STAKEHOLDER_GROUPS, 0)
    keys = dict.fromkeys(STAKEHOLDER_GROUPS, 0)
    for a in items:
        for key, n in a["attendance"].items():
            group = key if key in counts else NOT_RECORDED
            counts[group] += n
            keys[group] = (keys[group] + a["keys"].get(key, 0)) % KEY_SPACE
    people = pd.Series(
        {STAKEHOLDER_GROUPS[key]: n for key, n in counts.items()}, name="people", dtype="int64"
    )
    cell_keys = pd.Series({STAKEHOLDER_GROUPS[key]: n for key, n in keys.items()}, dtype="int64")
    return StatementSummary(
        activities=len(items),
        localities=len(reached & set(FOUR_LOCALITIES)),
        partners=len(unique_names([p for a in items for p in a["partners"]])),
        people=publish_series(people, cell_keys, k=k),
    )


def _plural(n: int, one: str, many: str) -> str:
    """Return ``one`` or ``many`` to agree with ``n``."""
    return one if n == 1 else many
