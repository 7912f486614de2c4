"""Activities on both databases: create, edit, filter, partners."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from feedback.access import SYSTEM, Viewer
from feedback.capture.activities import (
    ActivityFilter,
    add_partner,
    create_activity,
    get_activity,
    list_activities,
    list_partners,
    update_activity,
)
from feedback.capture.lookups import activity_labels
from feedback.fixtures import activity_input, make_activity
from feedback.models import Attendance, AuditEvent
from feedback.validation import ValidationError


def test_create_and_read_back(factory: sessionmaker[Session]) -> None:
    with factory() as session, session.begin():
        activity_id = make_activity(session).id
    with factory() as session:
        activity = get_activity(session=session, activity_id=activity_id, viewer=SYSTEM)
        assert activity.title == "LISTEN event, Hamilton"
        assert {a.stakeholder_group: a.headcount for a in activity.attendance} == {
            "people_with_convictions": 12,
            "families": 3,
        }
        assert len(activity.partners) == 1
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 1


def test_update_replaces_attendance_and_partners(session: Session) -> None:
    activity = make_activity(session)
    partners = list_partners(session=session)[:3]
    data = activity_input(
        title="Renamed",
        attendance={"victims": 4},
        partner_ids=tuple(p.id for p in partners),
        lead_partner_id=partners[0].id,
    )
    update_activity(session=session, activity_id=activity.id, data=data, viewer=SYSTEM)
    session.commit()
    fresh = get_activity(session=session, activity_id=activity.id, viewer=SYSTEM)
    assert fresh.title == "Renamed"
    assert [(a.stakeholder_group, a.headcount) for a in fresh.attendance] == [("victims", 4)]
    assert len(fresh.partners) == 3
    assert session.scalar(select(func.count()).select_from(Attendance)) == 1


def test_an_edit_keeps_the_record_keys_of_kept_headcount_lines(session: Session) -> None:
    activity = make_activity(session)
    session.commit()
    before = {a.stakeholder_group: a.record_key for a in activity.attendance}
    data = activity_input(attendance={"people_with_convictions": 14, "victims": 2}, title="Renamed")
    update_activity(session=session, activity_id=activity.id, data=data, viewer=SYSTEM)
    session.commit()
    after = {
        a.stakeholder_group: a.record_key
        for a in get_activity(session=session, activity_id=activity.id, viewer=SYSTEM).attendance
    }
    # A re-saved line keeps its key, so published figures do not re-draw their noise on every save.
    assert after["people_with_convictions"] == before["people_with_convictions"]
    assert set(after) == {"people_with_convictions", "victims"}


def test_invalid_update_changes_nothing(factory: sessionmaker[Session]) -> None:
    with factory() as session, session.begin():
        activity_id = make_activity(session).id
    with pytest.raises(ValidationError), factory() as session, session.begin():
        update_activity(
            session=session, activity_id=activity_id, data=activity_input(title=""), viewer=SYSTEM
        )
    with factory() as session:
        assert (
            get_activity(session=session, activity_id=activity_id, viewer=SYSTEM).title
            == "LISTEN event, Hamilton"
        )


def test_filters(session: Session) -> None:
    make_activity(session)
    make_activity(session, locality="clydesdale", kind="womens_hub_visit", start_date=dt.date(2025, 5, 1))
    session.commit()
    assert len(list_activities(session=session, viewer=SYSTEM)) == 2
    assert [
        a.locality
        for a in list_activities(
            session=session, viewer=SYSTEM, filters=ActivityFilter(locality="clydesdale")
        )
    ] == ["clydesdale"]
    assert (
        len(list_activities(session=session, viewer=SYSTEM, filters=ActivityFilter(kind="listen_event"))) == 1
    )
    window = ActivityFilter(date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31))
    assert [a.kind for a in list_activities(session=session, viewer=SYSTEM, filters=window)] == [
        "listen_event"
    ]


def test_partner_list_is_seeded_and_extendable(session: Session) -> None:
    names = [p.name for p in list_partners(session=session)]
    assert "Police Scotland" in names and "Sacro" in names
    add_partner(session=session, name="  Hamilton   Food Bank ", sector="community", user_id=None)
    assert "Hamilton Food Bank" in [p.name for p in list_partners(session=session)]
    with pytest.raises(ValidationError) as caught:
        add_partner(session=session, name="police scotland", sector="statutory", user_id=None)
    assert "already" in caught.value.errors["name"]


HAMILTON_LEAD = Viewer(user_id=None, role="locality_lead", locality="hamilton_blantyre_larkhall")


def test_a_locality_lead_sees_only_their_own_localitys_activities(session: Session) -> None:
    own = make_activity(session)
    other = make_activity(session, locality="clydesdale", title="Clydesdale LISTEN event")
    session.commit()
    assert [a.id for a in list_activities(session=session, viewer=HAMILTON_LEAD)] == [own.id]
    clydesdale = ActivityFilter(locality="clydesdale")
    assert list_activities(session=session, viewer=HAMILTON_LEAD, filters=clydesdale) == []
    assert get_activity(session=session, activity_id=own.id, viewer=HAMILTON_LEAD) is not None
    assert get_activity(session=session, activity_id=other.id, viewer=HAMILTON_LEAD) is None
    staff = Viewer(user_id=None, role="staff", locality="hamilton_blantyre_larkhall")  # staff are not scoped
    assert {a.id for a in list_activities(session=session, viewer=staff)} == {own.id, other.id}


def test_a_locality_lead_cannot_change_or_move_or_create_outside_their_locality(session: Session) -> None:
    own = make_activity(session)
    other = make_activity(session, locality="clydesdale", title="Clydesdale LISTEN event")
    session.commit()
    with pytest.raises(ValidationError) as caught:
        update_activity(
            session=session, activity_id=other.id, data=activity_input(title="Mine now"), viewer=HAMILTON_LEAD
        )
    assert "another locality" in caught.value.errors["activity"]
    session.rollback()
    with pytest.raises(ValidationError) as caught:
        update_activity(
            session=session,
            activity_id=own.id,
            data=activity_input(locality="clydesdale"),
            viewer=HAMILTON_LEAD,
        )
    assert "Hamilton" in caught.value.errors["locality"]
    session.rollback()
    with pytest.raises(ValidationError) as caught:
        create_activity(
            session=session, data=activity_input(locality="clydesdale"), user_id=None, viewer=HAMILTON_LEAD
        )
    assert "locality" in caught.value.errors
    session.rollback()
    assert (
        get_activity(session=session, activity_id=other.id, viewer=SYSTEM).title == "Clydesdale LISTEN event"
    )
    assert (
        get_activity(session=session, activity_id=own.id, viewer=SYSTEM).locality
        == "hamilton_blantyre_larkhall"
    )
    update_activity(
        session=session, activity_id=own.id, data=activity_input(title="Renamed"), viewer=HAMILTON_LEAD
    )
    session.commit()
    assert get_activity(session=session, activity_id=own.id, viewer=SYSTEM).title == "Renamed"


def test_keyset_pages_walk_every_activity_once_newest_first(session: Session) -> None:
    day = dt.date(2026, 3, 1)
    made = [
        make_activity(session, title=f"A{i}", start_date=day - dt.timedelta(days=i // 2)).id for i in range(7)
    ]
    session.commit()
    seen, after = [], None
    while True:
        page = list_activities(session=session, viewer=SYSTEM, limit=3, after=after)
        seen.extend(a.id for a in page)
        if len(page) < 3:
            break
        after = (page[-1].start_date, page[-1].id)
    expected = sorted(made, key=lambda i: (-(made.index(i) // 2), i), reverse=True)
    assert seen == expected and len(set(seen)) == 7


def test_activity_labels_add_an_older_chosen_activity_within_scope(session: Session) -> None:
    old = make_activity(session, title="Old", start_date=dt.date(2024, 5, 1)).id
    new = make_activity(session, title="New", start_date=dt.date(2026, 3, 1)).id
    elsewhere = make_activity(session, title="Far", start_date=dt.date(2024, 1, 1), locality="clydesdale").id
    session.commit()
    assert [a.id for a in activity_labels(session=session, viewer=SYSTEM, limit=1)] == [new]
    assert [a.id for a in activity_labels(session=session, viewer=SYSTEM, limit=1, also=old)] == [new, old]
    assert [
        a.title for a in activity_labels(session=session, viewer=HAMILTON_LEAD, limit=5, also=elsewhere)
    ] == [
        "New",
        "Old",
    ]
