"""AppTest: record an activity, keep what was typed on an error, and change a stored one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.access import SYSTEM
from feedback.capture.activities import get_activity
from feedback.db import transaction
from feedback.fixtures import make_activity
from feedback.models import Activity, Partner

PAGE = "ui/activity_edit.py"


def _partners(db: sessionmaker[Session]) -> list[int]:
    with db() as session:
        return list(session.scalars(select(Partner.id).order_by(Partner.id)).all()[:3])


def _fill(at: AppTest, partner_ids: list[int], title: str = "LISTEN event, Hamilton Town House") -> None:
    at.selectbox(key="act_kind").set_value("listen_event")
    at.selectbox(key="act_locality").set_value("hamilton_blantyre_larkhall")
    at.text_input(key="act_title").input(title)
    at.date_input(key="act_start").set_value(dt.date(2026, 3, 12))
    at.text_input(key="act_venue").input("Hamilton Town House")
    at.selectbox(key="act_lead").set_value(partner_ids[0])
    at.multiselect(key="act_partners").set_value(partner_ids)
    at.number_input(key="act_n_people_with_convictions").set_value(12)
    at.number_input(key="act_n_families").set_value(3)
    at.pills(key="act_standards").set_value(["Inclusion", "Working together"])
    at.text_area(key="act_outcomes").input("A plain-English letter for court.")


def test_a_staff_member_records_an_activity(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE)
    partner_ids = _partners(db)
    _fill(at, partner_ids)
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
        assert activity.start_date == dt.date(2026, 3, 12)
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
    _fill(at, partner_ids, title="   ")
    at.date_input(key="act_end").set_value(dt.date(2026, 3, 1))
    at.button(key="act_save").click().run()
    assert not at.exception
    summary = at.error[0].value
    assert "Nothing was saved yet. Please fix 2 things" in summary
    assert "**Title**" in summary and "**End date**" in summary
    messages = [m.value for m in at.markdown]
    assert any("Give the activity a title" in m for m in messages)
    assert any("The end date is before the start date" in m for m in messages)
    assert at.text_input(key="act_venue").value == "Hamilton Town House"
    assert at.number_input(key="act_n_people_with_convictions").value == 12
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
    assert at.number_input(key="act_n_people_with_convictions").value == 12
    at.text_input(key="act_title").input("LISTEN event, Hamilton (evening)")
    at.number_input(key="act_n_families").set_value(5)
    at.button(key="act_save").click().run()
    assert not at.exception
    assert "Changes saved." in [s.value for s in at.success]
    with db() as session:
        activity = get_activity(session=session, activity_id=activity_id, viewer=SYSTEM)
        assert activity.title == "LISTEN event, Hamilton (evening)"
        assert {a.stakeholder_group: a.headcount for a in activity.attendance}["families"] == 5
