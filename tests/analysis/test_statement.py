"""Tests for the participation statement."""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd
import pytest

from analysis.disclosure import MAX_NOISE
from analysis.params import STAKEHOLDER_GROUPS, STATEMENT_CATEGORIES
from analysis.statement import (
    ROW_FIELDS,
    Statement,
    build_statement,
    statement_from_frame,
    statement_to_frame,
    summary_sentences,
)
from analysis.statement_records import categorise
from analysis.suppression import SUPPRESSED, TOTAL

(PRISON, FAMILIES, VICTIMS, COMMUNITY, THIRD, STATUTORY, SOCIAL_WORK, OTHER) = STATEMENT_CATEGORIES


def activity(**overrides: object) -> dict:
    """Return one activity row with sensible defaults."""
    row = {
        "id": 1,
        "kind": "listen_event",
        "title": "LISTEN event Hamilton",
        "locality": "hamilton_blantyre_larkhall",
        "start_date": date(2025, 6, 12),
        "end_date": None,
        "venue": "Town House",
        "lead_partner": "Justice Social Work",
        "lead_sector": "statutory",
        "partners": ["Sacro", "DWP"],
        "partner_sectors": ["third_sector", "statutory"],
        "attendance": {"people_with_convictions": 12, "families": 3},
        "outcomes": "Drop-in housing advice agreed.",
        "actions": ["We will run a monthly housing drop-in"],
    }
    row.update(overrides)
    return row


def frame(*rows: dict) -> pd.DataFrame:
    """Return an activities frame."""
    return pd.DataFrame(list(rows))


FY = {"start": date(2025, 4, 1), "end": date(2026, 3, 31)}


@pytest.mark.parametrize(
    ("attendance", "kind", "lead", "sectors", "expected"),
    [
        ({"people_with_convictions": 1, "statutory_staff_volunteers": 30}, "other", "", [], PRISON),
        ({"families": 4, "victims": 2}, "other", "", [], FAMILIES),
        ({"victims": 2, "community_members": 20}, "other", "", [], VICTIMS),
        ({"community_members": 5}, "other", "", [], COMMUNITY),
        ({"local_businesses": 5}, "other", "", [], COMMUNITY),
        ({"community_bodies_third_sector": 5}, "other", "", [], THIRD),
        ({"statutory_staff_volunteers": 8}, "other", "Police Scotland", [], STATUTORY),
        ({"statutory_staff_volunteers": 8}, "other", "Justice Social Work Hamilton", [], SOCIAL_WORK),
        ({"people_with_convictions": 0}, "womens_hub_visit", "", [], PRISON),
        ({}, "partner_consultation", "VASLAN", ["third_sector"], THIRD),
        ({}, "partner_consultation", "Police Scotland", ["statutory"], STATUTORY),
        ({}, "partner_consultation", "Criminal Justice Social Work", ["statutory"], SOCIAL_WORK),
        ({}, "partner_consultation", "Local shop", ["", "private"], COMMUNITY),
        ({"not_recorded": 12}, "survey_session", "", [], OTHER),
        ({}, "other", "", [], OTHER),
    ],
)
def test_categorise(attendance: dict, kind: str, lead: str, sectors: list[str], expected: str) -> None:
    assert categorise(attendance, kind, lead, sectors) == expected


def test_activity_row_has_the_2017_columns() -> None:
    st = build_statement(frame(activity()), **FY)
    assert len(st.rows) == 1
    row = st.rows[0]
    assert row.category == PRISON
    assert row.stakeholders == (
        "People with convictions; Families of people with convictions\n"
        "Partners: Justice Social Work, Sacro, DWP"
    )
    assert row.activity == "LISTEN event Hamilton (LISTEN event, Hamilton/Blantyre/Larkhall)"
    assert row.dates == "12 June 2025"
    assert row.outcomes == "Drop-in housing advice agreed.\n• We will run a monthly housing drop-in"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 3, 12), None, "12 March 2025"),
        (date(2025, 3, 12), date(2025, 3, 14), "12–14 March 2025"),
        (date(2025, 3, 12), date(2025, 5, 3), "March 2025 – May 2025"),
        (pd.Timestamp("2025-03-12"), pd.NaT, "12 March 2025"),
        (datetime(2025, 3, 12, 10, 30), datetime(2025, 3, 12, 16), "12 March 2025"),
        ("2025-03-12", "2025-04-02", "March 2025 – April 2025"),
    ],
)
def test_dates_are_in_words(start: object, end: object, expected: str) -> None:
    st = build_statement(
        frame(activity(start_date=start, end_date=end)), start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    assert st.rows[0].dates == expected


@pytest.mark.parametrize(
    ("start", "end", "kept"),
    [
        (date(2025, 4, 1), None, True),
        (date(2026, 3, 31), None, True),
        (date(2025, 3, 31), None, False),
        (date(2026, 4, 1), None, False),
        (date(2025, 3, 20), date(2025, 4, 2), True),  # overlaps the start of the year
        (date(2025, 3, 1), date(2025, 3, 31), False),
    ],
)
def test_period_filter_keeps_overlapping_activities(start: date, end: date | None, kept: bool) -> None:
    st = build_statement(frame(activity(start_date=start, end_date=end)), **FY)
    assert (len(st.rows) == 1) is kept
    assert st.summary.activities == int(kept)


def test_rows_sorted_by_heading_then_date() -> None:
    acts = frame(
        activity(id=1, title="B", start_date=date(2025, 9, 1), attendance={"victims": 12}),
        activity(id=2, title="A", start_date=date(2025, 5, 1), attendance={"victims": 12}),
        activity(id=3, title="C", start_date=date(2025, 4, 2)),
        activity(id=4, title="D", attendance={}, lead_sector="statutory", lead_partner="NHS", partners=[]),
    )
    st = build_statement(acts, **FY)
    assert [r.activity.split(" ")[0] for r in st.rows] == ["C", "A", "B", "D"]
    assert [r.category for r in st.rows] == [PRISON, VICTIMS, VICTIMS, STATUTORY]


def test_grouped_mode_merges_rows_per_heading() -> None:
    acts = frame(
        activity(id=1, title="Hub visit", kind="womens_hub_visit", start_date=date(2025, 10, 1)),
        activity(id=2, title="LISTEN EK", start_date=date(2025, 5, 1), outcomes="", actions=[]),
        activity(id=3, title="Victims forum", attendance={"victims": 4}, outcomes="Court times raised."),
    )
    st = build_statement(acts, **FY, grouping="category")
    assert [r.category for r in st.rows] == [PRISON, VICTIMS]
    first = st.rows[0]
    assert first.activity.splitlines() == [
        "LISTEN EK (LISTEN event, Hamilton/Blantyre/Larkhall)",
        "Hub visit (Women's hub visit, Hamilton/Blantyre/Larkhall)",
    ]
    assert first.dates.splitlines() == ["1 May 2025", "1 October 2025"]
    assert first.outcomes.startswith("Hub visit: Drop-in housing advice agreed.")
    assert st.rows[1].outcomes == "Court times raised.\n• We will run a monthly housing drop-in"


def test_summary_counts_and_suppression() -> None:
    acts = frame(
        activity(id=1, attendance={"people_with_convictions": 12, "families": 3}),
        activity(
            id=2, locality="clydesdale", partners=["sacro "], attendance={"people_with_convictions": 20}
        ),
        activity(id=3, locality="south_lanarkshire_wide", attendance={"mystery": 2, "victims": 0}),
    )
    st = build_statement(acts, **FY, k=10)
    assert st.summary.activities == 3
    assert st.summary.localities == 4
    assert st.summary.partners == 3  # Justice Social Work, Sacro, DWP
    people = st.summary.people
    assert list(people.index) == [*STAKEHOLDER_GROUPS.values(), TOTAL]
    assert abs(people["People with convictions"] - 32) <= MAX_NOISE  # perturbed (cell key)
    assert people["Families of people with convictions"] == SUPPRESSED
    assert people["Not recorded"] == SUPPRESSED  # unknown groups count as not recorded
    assert people["Victims of crime and their families"] == SUPPRESSED  # zero reads [c] like any small count
    assert abs(people[TOTAL] - 37) <= MAX_NOISE
    assert st.k == 10


@pytest.mark.parametrize(("k", "families_shown"), [(None, SUPPRESSED), (3, 3), (5, 3), (20, SUPPRESSED)])
def test_summary_k_is_a_parameter(k: int | None, families_shown: object) -> None:
    acts = frame(activity(attendance={"people_with_convictions": 30, "families": 3, "victims": 40}))
    people = build_statement(acts, **FY, k=k).summary.people
    if k in (3, 5):  # k clamps to 5: 3 is still small
        families_shown = SUPPRESSED
    assert people["Families of people with convictions"] == families_shown


def test_summary_sentences() -> None:
    st = build_statement(frame(activity(), activity(id=2, locality="clydesdale")), **FY)
    first, second = summary_sentences(st)
    assert first == "2 activities across 2 of the four localities, with 3 partners involved."
    found = re.match(
        r"People who took part: (\d+) \(People with convictions (\d+); "
        r"Families of people with convictions \[c\]; Victims of crime and their families \[c\]; ",
        second,
    )
    assert found, second  # 24 and 30 perturbed by at most MAX_NOISE; 6 hidden
    assert abs(int(found[1]) - 30) <= MAX_NOISE and abs(int(found[2]) - 24) <= MAX_NOISE
    assert second.endswith("Not recorded [c]).")


def test_frame_round_trip_allows_edits_without_touching_records() -> None:
    acts = frame(activity())
    before = acts.copy(deep=True)
    st = build_statement(acts, **FY)
    df = statement_to_frame(st)
    assert list(df.columns) == list(ROW_FIELDS)
    df.loc[0, "outcomes"] = "Edited wording"
    df.loc[1] = ["Families", "  ", None, float("nan"), ""]  # an empty row added in the editor
    edited = statement_from_frame(st, df)
    assert isinstance(edited, Statement)
    assert [r.outcomes for r in edited.rows] == ["Edited wording"]
    assert st.rows[0].outcomes != "Edited wording"
    assert edited.summary is st.summary
    pd.testing.assert_frame_equal(acts, before)


def test_from_frame_requires_columns() -> None:
    st = build_statement(frame(activity()), **FY)
    with pytest.raises(ValueError, match="missing columns: outcomes"):
        statement_from_frame(st, statement_to_frame(st).drop(columns=["outcomes"]))


@pytest.mark.parametrize("column", ["id", "kind", "title", "locality", "start_date"])
def test_required_columns(column: str) -> None:
    with pytest.raises(ValueError, match=column):
        build_statement(frame(activity()).drop(columns=[column]), **FY)


def test_bad_grouping_is_refused() -> None:
    with pytest.raises(ValueError, match="grouping"):
        build_statement(frame(activity()), **FY, grouping="locality")


def test_missing_optional_values_are_tolerated() -> None:
    row = {"id": 1, "kind": "other", "title": "Drop-in", "locality": "clydesdale", "start_date": "2025-05-01"}
    st = build_statement(pd.DataFrame([row, {**row, "start_date": None}]), **FY)
    assert len(st.rows) == 1
    assert st.rows[0].category == OTHER
    assert st.rows[0].stakeholders == ""
    assert st.rows[0].outcomes == ""
    assert st.summary.people[TOTAL] == SUPPRESSED


def test_empty_frame() -> None:
    st = build_statement(frame(activity()).iloc[0:0], **FY, grouping="category")
    assert st.rows == []
    assert st.summary.activities == 0
    assert st.period_text == "1 April 2025 to 31 March 2026"


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        (["We will meet monthly"], "• We will meet monthly"),
        ([{"will_do": "Open on Tuesdays", "status": "planned"}], "• We will: Open on Tuesdays"),
        ([{"will_do": "Run a clinic", "we_did": "Clinic runs", "status": "done"}], "• We did: Clinic runs"),
        ([{"will_do": "Run a clinic", "we_did": None, "status": "done"}], "• We did: Run a clinic"),
        ([{"will_do": "Build a pool", "status": "not_taken_forward"}], ""),
        ([{"heard": "x", "status": "planned"}, "  ", None], ""),
        (None, ""),
    ],
)
def test_action_lines(actions: object, expected: str) -> None:
    st = build_statement(frame(activity(outcomes="", actions=actions)), **FY)
    assert st.rows[0].outcomes == expected


def test_summary_says_all_four_localities_when_each_is_reached() -> None:
    localities = [
        "east_kilbride_strathaven",
        "clydesdale",
        "rutherglen_cambuslang",
        "hamilton_blantyre_larkhall",
    ]
    acts = frame(*(activity(id=i, locality=loc) for i, loc in enumerate(localities, start=1)))
    first = summary_sentences(build_statement(acts, **FY))[0]
    assert first.startswith("4 activities across all four localities, with")
