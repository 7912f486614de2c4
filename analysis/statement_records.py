"""Activity records for the participation statement: the input columns and the heading rule.

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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pandas as pd

from analysis.params import STATEMENT_CATEGORIES
from analysis.periods import as_date

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
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "kind", "title", "locality", "start_date")
SW_WORDS: tuple[str, ...] = ("social work", "justice services")


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


def activity_records(activities: pd.DataFrame) -> list[dict]:
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
        lead = clean_text(raw.get("lead_partner"))
        partners = unique_names([lead, *_list(raw.get("partners"))])
        sectors = [clean_text(raw.get("lead_sector")), *_list(raw.get("partner_sectors"))]
        attendance = _attendance(raw.get("attendance"))
        kind = clean_text(raw.get("kind"))
        out.append(
            {
                "title": clean_text(raw.get("title")),
                "kind": kind,
                "locality": clean_text(raw.get("locality")),
                "start": start,
                "end": end if end and end > start else start,
                "partners": partners,
                "attendance": attendance,
                "keys": _attendance(raw.get("attendance_keys")),
                "outcomes": clean_text(raw.get("outcomes")),
                "actions": [a for a in map(_action_line, _list(raw.get("actions"))) if a],
                "category": categorise(attendance, kind, lead, sectors),
            }
        )
    return out


def in_period(items: list[dict], start: date, end: date) -> list[dict]:
    """Keep activities that overlap the period."""
    return [a for a in items if a["start"] <= end and a["end"] >= start]


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
        return clean_text(action)
    status, will_do, did = (clean_text(action.get(key)) for key in ("status", "will_do", "we_did"))
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


def clean_text(value: object) -> str:
    """Return a stripped string; None and NaN give an empty string."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def unique_names(names: Iterable[str]) -> list[str]:
    """Return non-empty names once each (case-insensitive), in first-seen order."""
    seen: dict[str, str] = {}
    for name in names:
        text = clean_text(name)
        if text and text.lower() not in seen:
            seen[text.lower()] = text
    return list(seen.values())
