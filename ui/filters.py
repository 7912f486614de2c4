"""The shared filter bar of the review pages: period presets, locality, kind, channel, group, survey."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from analysis import periods
from analysis.params import ACTIVITY_KINDS, LOCALITIES, STAKEHOLDER_GROUPS
from feedback.access import is_scoped
from feedback.filters import ReviewFilter
from ui.state import SignedInUser

CHANNELS = {"staff_card": "Feedback card", "kiosk": "Kiosk survey", "import": "Imported"}
CUSTOM = "Custom dates"


@dataclass(frozen=True)
class FilterChoice:
    """What the filter bar chose: the filter, its period's name, the previous period and quarters."""

    filters: ReviewFilter
    label: str
    previous: ReviewFilter | None
    quarters: tuple[tuple[str, dt.date, dt.date], ...]


def quarters_between(start: dt.date, end: dt.date) -> tuple[tuple[str, dt.date, dt.date], ...]:
    """The financial-year quarters the period touches, clipped to it: (label, first, last) each.

    Clipped, so their counts add up to the period's (the overview suppresses them together).
    """
    out = []
    first, last = periods.quarter_of(start)
    while first <= end:
        out.append((periods.quarter_label(first), max(first, start), min(last, end)))
        first, last = periods.quarter_of(periods.add_months(first, 3))
    return tuple(out)


def period_picker(key: str, today: dt.date) -> tuple[dt.date, dt.date, str]:
    """A period preset (financial years, quarters...) or custom dates; returns start, end, label."""
    presets = periods.period_presets(today)
    options = [*presets, CUSTOM]
    choice = st.selectbox("Period", options, key=f"{key}_period")
    if choice != CUSTOM:
        start, end = presets[choice]
        return start, end, choice
    first, last = st.columns(2)
    start = first.date_input(
        "From", value=today - dt.timedelta(days=90), key=f"{key}_start", format="DD/MM/YYYY"
    )
    end = last.date_input("To", value=today, key=f"{key}_end", format="DD/MM/YYYY")
    if start > end:
        st.warning("The start date is after the end date, so they have been swapped.")
        start, end = end, start
    return start, end, f"{start:%d %b %Y} to {end:%d %b %Y}"


def _localities(key: str, user: SignedInUser) -> tuple[str, ...]:
    if is_scoped(user.role):
        own = user.locality or ""
        st.caption(f"Locality: **{LOCALITIES.get(own, 'none set')}** (your own locality)")
        return (own,)
    picked = st.multiselect(
        "Locality",
        list(LOCALITIES),
        format_func=LOCALITIES.get,
        key=f"{key}_localities",
        placeholder="All localities",
    )
    return tuple(picked)


def filter_bar(
    *,
    user: SignedInUser,
    key: str = "flt",
    surveys: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> FilterChoice:
    """Draw the filter bar and return what it chose (a locality lead sees only their locality)."""
    today = today or dt.date.today()
    with st.container(border=True):
        top = st.columns(2)
        with top[0]:
            start, end, label = period_picker(key, today)
        with top[1]:
            localities = _localities(key, user)
        more = st.columns(4)
        kinds = more[0].multiselect(
            "Activity kind",
            list(ACTIVITY_KINDS),
            format_func=ACTIVITY_KINDS.get,
            key=f"{key}_kinds",
            placeholder="All kinds",
        )
        channels = more[1].multiselect(
            "Channel",
            list(CHANNELS),
            format_func=CHANNELS.get,
            key=f"{key}_channels",
            placeholder="All channels",
        )
        groups = more[2].multiselect(
            "Stakeholder group",
            list(STAKEHOLDER_GROUPS),
            format_func=STAKEHOLDER_GROUPS.get,
            key=f"{key}_groups",
            placeholder="All groups",
        )
        survey_names = surveys or {}
        survey_keys = more[3].multiselect(
            "Survey",
            list(survey_names),
            format_func=lambda s: survey_names.get(s, s),
            key=f"{key}_surveys",
            placeholder="All surveys",
        )
    filters = ReviewFilter(
        start=start,
        end=end,
        localities=localities,
        kinds=tuple(kinds),
        channels=tuple(channels),
        stakeholder_groups=tuple(groups),
        survey_keys=tuple(survey_keys),
    )
    previous = filters.with_period(*periods.previous_period(start, end))
    place = ", ".join(LOCALITIES[loc] for loc in localities) if localities else "all localities"
    return FilterChoice(
        filters=filters,
        label=f"{label} · {place}",
        previous=previous,
        quarters=quarters_between(start, end),
    )
