"""The participation statement: who took part, in what, when, and what came of it.

Input, one row per activity (the first five columns are required): ``id``; ``kind`` (key of
params.ACTIVITY_KINDS); ``title``; ``locality`` (key of params.LOCALITIES); ``start_date`` and
``end_date`` (date, datetime, Timestamp or ISO string; end None/NaT for one day); ``venue`` (not
printed); ``lead_partner``; ``lead_sector`` (key of params.PARTNER_SECTORS); ``partners`` and
``partner_sectors`` (lists); ``attendance`` (dict: stakeholder group key -> headcount);
``attendance_keys`` (dict: stakeholder group key -> record key, see analysis.disclosure);
``outcomes`` (text); ``actions`` (list of "we will / we did" lines, or of dicts with
``will_do``, ``we_did`` and ``status``, worded "We will: ..." / "We did: ..."; actions not taken
forward are left out).

Each activity goes under the first heading (params.STATEMENT_CATEGORIES) that applies: people
with convictions took part; families; victims; community members or local businesses (community
sector); community bodies and third-sector providers; statutory staff (social work justice teams
when the lead partner is a social work service); a women's hub visit counts as people with
convictions; with no headcount the lead, then partner, sectors decide; else "Other activities".
Staff change headings and wording through :func:`statement_to_frame` and
:func:`statement_from_frame`; the records are never changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
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
from analysis.periods import as_date, format_period, format_span
from analysis.suppression import TOTAL, clamp_k

(PRISON, FAMILIES, VICTIMS, COMMUNITY, THIRD_SECTOR, STATUTORY, SOCIAL_WORK, OTHER) = STATEMENT_CATEGORIES
GROUP_CATEGORY: dict[str, str] = {
    "people_with_convictions": PRISON,
    "families": FAMILIES,
    "victims": VICTIMS,
    "community_members": COMMUNITY,
    "local_businesses": COMMUNITY,
    "community_bodies_third_sector": THIRD_SECTOR,
    "statutory_staff_volunteers": STATUTORY,
}
SECTOR_CATEGORY: dict[str, str] = {
    "statutory": STATUTORY,
    "third_sector": THIRD_SECTOR,
    "community": COMMUNITY,
    "private": COMMUNITY,
}
ROW_FIELDS: tuple[str, ...] = ("category", "stakeholders", "activity", "dates", "outcomes")
HEADERS: dict[str, str] = {
    "category": "Category",
    "stakeholders": "Stakeholders",
    "activity": "Consultation/involvement activities",
    "dates": "Dates",
    "outcomes": "Outcomes",
}
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "kind", "title", "locality", "start_date")
GROUPINGS: tuple[str, ...] = ("activity", "category")
SW_WORDS: tuple[str, ...] = ("social work", "justice services")
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
        activities: one row per activity, columns as in the module docstring.
        start: first day of the period.
        end: last day of the period.
        grouping: "activity" (one row per activity) or "category" (one row per heading).
        k: suppression threshold for the people counts (clamped).

    Returns:
        A Statement whose rows are fresh copies, sorted by heading, then date, then title.
    """
    if grouping not in GROUPINGS:
        raise ValueError(f"grouping must be one of {', '.join(GROUPINGS)}")
    items = _in_period(_records(activities), start, end)
    items.sort(key=lambda a: (STATEMENT_CATEGORIES.index(a["category"]), a["start"], a["title"]))
    rows = [_row(a) for a in items]
    if grouping == "category":
        rows = _merge_by_category(items)
    kk = clamp_k(k)
    return Statement(start, end, grouping, kk, _summary(items, kk), rows)


def categorise(attendance: Mapping[str, int], kind: str, lead_partner: str, sectors: Iterable[str]) -> str:
    """Return the statement heading for one activity (rule in the module docstring)."""
    for group, category in GROUP_CATEGORY.items():
        if int(attendance.get(group, 0) or 0) > 0:
            if category == STATUTORY and _is_social_work(lead_partner):
                return SOCIAL_WORK
            return category
    if kind == "womens_hub_visit":
        return PRISON
    for sector in sectors:
        if sector in SECTOR_CATEGORY:
            category = SECTOR_CATEGORY[sector]
            return SOCIAL_WORK if category == STATUTORY and _is_social_work(lead_partner) else category
    return OTHER


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
        texts = [_text(v) for v in values]
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


def _records(activities: pd.DataFrame) -> list[dict]:
    """Return the activities as clean dicts, refusing a frame without the required columns."""
    missing = [c for c in REQUIRED_COLUMNS if c not in activities.columns]
    if missing:
        raise ValueError(f"activities frame is missing columns: {', '.join(missing)}")
    out = []
    for raw in activities.to_dict("records"):
        start = as_date(raw["start_date"])
        if start is None:
            continue
        end = as_date(raw.get("end_date"))
        lead = _text(raw.get("lead_partner"))
        partners = _unique([lead, *_list(raw.get("partners"))])
        sectors = [_text(raw.get("lead_sector")), *_list(raw.get("partner_sectors"))]
        attendance = _attendance(raw.get("attendance"))
        kind = _text(raw.get("kind"))
        out.append(
            {
                "title": _text(raw.get("title")),
                "kind": kind,
                "locality": _text(raw.get("locality")),
                "start": start,
                "end": end if end and end > start else start,
                "partners": partners,
                "attendance": attendance,
                "keys": _attendance(raw.get("attendance_keys")),
                "outcomes": _text(raw.get("outcomes")),
                "actions": [a for a in map(_action_line, _list(raw.get("actions"))) if a],
                "category": categorise(attendance, kind, lead, sectors),
            }
        )
    return out


def _in_period(items: list[dict], start: date, end: date) -> list[dict]:
    """Keep activities that overlap the period."""
    return [a for a in items if a["start"] <= end and a["end"] >= start]


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
    partners = _unique([p for a in group for p in a["partners"]])
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
        partners=len(_unique([p for a in items for p in a["partners"]])),
        people=publish_series(people, cell_keys, k=k),
    )


def _is_social_work(lead_partner: str) -> bool:
    """Return True when the lead partner reads as a justice social work service."""
    name = lead_partner.lower()
    return any(word in name for word in SW_WORDS)


def _attendance(value: object) -> dict[str, int]:
    """Return headcounts by group as non-negative ints; anything else counts as empty."""
    if not isinstance(value, Mapping):
        return {}
    out: dict[str, int] = {}
    for key, n in value.items():
        if n is None or pd.isna(n):
            continue
        out[str(key)] = out.get(str(key), 0) + max(int(n), 0)
    return out


def _action_line(action: object) -> str:
    """Return an action as one line: a string as is; a dict (will_do, we_did, status) worded."""
    if not isinstance(action, Mapping):
        return _text(action)
    status, will_do, did = (_text(action.get(key)) for key in ("status", "will_do", "we_did"))
    if status == "not_taken_forward" or not (will_do or did):
        return ""
    return f"We did: {did or will_do}" if status == "done" else f"We will: {will_do or did}"


def _list(value: object) -> list:
    """Return a list for list-like values; missing values give an empty list."""
    if value is None or isinstance(value, str):
        return [value] if value else []
    try:
        return list(value)  # type: ignore[call-overload]
    except TypeError:
        return []


def _text(value: object) -> str:
    """Return a stripped string; None and NaN give an empty string."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _unique(names: Iterable[str]) -> list[str]:
    """Return non-empty names once each (case-insensitive), in first-seen order."""
    seen: dict[str, str] = {}
    for name in names:
        text = _text(name)
        if text and text.lower() not in seen:
            seen[text.lower()] = text
    return list(seen.values())


def _plural(n: int, one: str, many: str) -> str:
    """Return ``one`` or ``many`` to agree with ``n``."""
    return one if n == 1 else many
