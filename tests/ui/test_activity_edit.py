"""AppTest: record an activity, keep what was typed on an error, and change a stored one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.access import SYSTEM
from feedback.capture.activities import get_activity
from feedback.db import transaction
from feedback.fixtures import make_activity
from feedback.models import Activity, Partner
from feedback.validation import reporting_window

PAGE = "ui/activity_edit.py"


def _partners(db: sessionmaker[Session]) -> list[int]:
    with db() as session:
        return list(session.scalars(select(Partner.id).order_by(Partner.id)).all()[:3])


def _in_window() -> dt.date:
    """A date in the previous financial year, whenever the test runs (no confirmation asked)."""
    return reporting_window(dt.date.today())[0] + dt.timedelta(days=40)


def _fill(
    at: AppTest,
    partner_ids: list[int],
    title: str = "LISTEN event, Hamilton Town House",
    day: dt.date = dt.date(2026, 3, 12),
) -> None:
    at.selectbox(key="act_kind").set_value("listen_event")
    at.selectbox(key="act_locality").set_value("hamilton_blantyre_larkhall")
    at.text_input(key="act_title").input(title)
    at.date_input(key="act_start").set_value(day)
    at.text_input(key="act_venue").input("Hamilton Town House")
    at.selectbox(key="act_lead").set_value(partner_ids[0])
    at.multiselect(key="act_partners").set_value(partner_ids)
    at.text_input(key="act_n_people_with_convictions").input("12")
    at.text_input(key="act_n_families").input("3")
    at.pills(key="act_standards").set_value(["Inclusion", "Working together"])
    at.text_area(key="act_outcomes").input("A plain-English letter for court.")


def test_a_staff_member_records_an_activity(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE)
    partner_ids = _partners(db)
    _fill(at, partner_ids, day=_in_window())
    at.button(key="act_save").click().run()
    assert not at.exception
    with db() as session:
        stored = session.scalars(select(Activity)).one()
        activity = get_activity(session=session, activity_id=stored.id, viewer=SYSTEM)
        assert (activity.kind, activity.title, activity.locality) == (
            "listen_event",
            "LISTEN event, Hamilton Town House",
            "hamilton_blantyre_larkhall",
        )
        assert activity.start_date == _in_window()
        assert activity.lead_partner_id == partner_ids[0]
        assert sorted(p.id for p in activity.partners) == sorted(partner_ids)
        assert {a.stakeholder_group: a.headcount for a in activity.attendance} == {
            "people_with_convictions": 12,
            "families": 3,
        }
        assert activity.standards == ["Inclusion", "Working together"]
        assert activity.outcomes == "A plain-English letter for court."
    assert "Saved: LISTEN event, Hamilton Town House." in [s.value for s in at.success]
    # The form now edits the saved activity, so a second Save changes it rather than adding one.
    assert [t.value for t in at.title] == ["Change an activity"]
    assert at.text_input(key="act_title").value == "LISTEN event, Hamilton Town House"
    at.button(key="act_go_cards").click().run()
    assert [t.value for t in at.title] == ["Feedback cards"]
    assert at.selectbox(key="cards_activity").value == stored.id


def test_an_error_shows_a_summary_and_field_messages_and_keeps_what_was_typed(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE)
    partner_ids = _partners(db)
    _fill(at, partner_ids, title="   ", day=_in_window())
    at.date_input(key="act_end").set_value(_in_window() - dt.timedelta(days=5))
    at.button(key="act_save").click().run()
    assert not at.exception
    summary = at.error[0].value
    assert "Nothing was saved yet. Please fix 2 things" in summary
    assert "**Title**" in summary and "**End date**" in summary
    messages = [m.value for m in at.markdown]
    assert any("Give the activity a title" in m for m in messages)
    assert any("The end date is before the start date" in m for m in messages)
    assert at.text_input(key="act_venue").value == "Hamilton Town House"
    assert at.text_input(key="act_n_people_with_convictions").value == "12"
    assert at.multiselect(key="act_partners").value == partner_ids
    assert at.text_area(key="act_outcomes").value == "A plain-English letter for court."
    with db() as session:
        assert session.scalar(select(func.count()).select_from(Activity)) == 0


def test_editing_an_activity_shows_its_values_and_saves_changes(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    with transaction(db) as session:
        activity_id = make_activity(session).id
    at = open_page(PAGE, edit_activity_id=activity_id)
    assert [t.value for t in at.title] == ["Change an activity"]
    assert at.text_input(key="act_title").value == "LISTEN event, Hamilton"
    assert at.text_input(key="act_n_people_with_convictions").value == "12"
    at.text_input(key="act_title").input("LISTEN event, Hamilton (evening)")
    at.text_input(key="act_n_families").input("5")
    at.button(key="act_save").click().run()
    assert not at.exception
    assert "Changes saved." in [s.value for s in at.success]
    with db() as session:
        activity = get_activity(session=session, activity_id=activity_id, viewer=SYSTEM)
        assert activity.title == "LISTEN event, Hamilton (evening)"
        assert {a.stakeholder_group: a.headcount for a in activity.attendance}["families"] == 5


@pytest.mark.parametrize("typed", ["twelve", "2.5", "-1", "999999", "1e3"])
def test_a_headcount_that_is_not_a_whole_number_in_range_is_refused_with_a_message(
    db: sessionmaker[Session], open_page: Callable[..., AppTest], typed: str
) -> None:
    at = open_page(PAGE)
    _fill(at, _partners(db), day=_in_window())
    at.text_input(key="act_n_families").input(typed)
    at.button(key="act_save").click().run()
    assert not at.exception
    assert "Headcount: Families of people with convictions" in at.error[0].value
    assert "(#error-attendance-families)" in at.error[0].value  # the summary links to the field
    field = [m.value for m in at.markdown if 'id="error-attendance-families"' in m.value]
    assert field and "whole number from 0 to 10,000" in field[0]
    assert at.text_input(key="act_n_families").value == typed  # kept as typed, never coerced
    assert at.text_input(key="act_n_people_with_convictions").value == "12"
    with db() as session:
        assert session.scalar(select(func.count()).select_from(Activity)) == 0


def test_a_date_outside_this_and_last_financial_year_is_saved_only_once_confirmed(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE)
    next_year = reporting_window(dt.date.today())[1] + dt.timedelta(days=10)
    _fill(at, _partners(db), day=next_year)
    at.button(key="act_save").click().run()
    assert not at.exception
    assert "**Date**" in at.error[0].value and "outside this financial year" in at.error[0].value
    with db() as session:
        assert session.scalar(select(func.count()).select_from(Activity)) == 0
    assert at.text_input(key="act_title").value == "LISTEN event, Hamilton Town House"
    at.checkbox(key=f"act_date_ok_{next_year}").check()
    at.button(key="act_save").click().run()
    assert not at.exception and not at.error
    with db() as session:
        assert session.scalars(select(Activity.start_date)).one() == next_year
