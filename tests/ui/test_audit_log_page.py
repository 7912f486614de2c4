"""AppTest: the audit log filters by event, user and dates, pages through events, and shows no text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.db import transaction
from feedback.models import AuditEvent, User

PAGE = "ui/audit_log.py"
START = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def _fill(db: sessionmaker[Session], signins: int = 60) -> dict[str, int]:
    """`signins` sign-ins by staff, one a day from 1 Jan 2026, and one partner change by admin."""
    with transaction(db) as session:
        ids = {name: user_id for name, user_id in session.execute(select(User.username, User.id))}
        session.execute(delete(AuditEvent))
        for day in range(signins):
            session.add(AuditEvent(user_id=ids["staff"], event="signin", at=START + dt.timedelta(days=day)))
        session.add(
            AuditEvent(
                user_id=ids["admin"],
                event="partner.create",
                at=START + dt.timedelta(days=5, hours=1),
                object_type="partner",
                object_id="7",
                detail={"n": 1},
            )
        )
    return ids


def _table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def test_pages_of_fifty_newest_first(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    _fill(db)
    at = open_page(PAGE, username="admin")
    assert not at.exception
    table = _table(at)
    assert len(table) == 50
    assert table["When (UTC)"].iloc[0] == "01 Mar 2026 09:00:00"
    assert "Page 1 of 2" in " ".join(m.value for m in at.markdown)
    at.button(key="audit_next").click().run()
    assert not at.exception
    table = _table(at)
    assert len(table) == 11
    assert table["When (UTC)"].iloc[-1] == "01 Jan 2026 09:00:00"
    assert "events 51 to 61 of 61" in " ".join(m.value for m in at.markdown)
    at.button(key="audit_prev").click().run()
    assert len(_table(at)) == 50


def test_filters_by_event_user_and_dates(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    ids = _fill(db)
    at = open_page(PAGE, username="admin")
    at.selectbox(key="audit_event").set_value("partner.create").run()
    assert not at.exception
    table = _table(at)
    assert table.to_dict("records") == [
        {
            "When (UTC)": "06 Jan 2026 10:00:00",
            "User": "admin",
            "Event": "partner.create",
            "Object": "partner 7",
            "Detail": '{"n": 1}',
        }
    ]
    at.selectbox(key="audit_event").set_value("").run()
    at.selectbox(key="audit_user").set_value(ids["staff"]).run()
    at.date_input(key="audit_start").set_value(dt.date(2026, 1, 3)).run()
    at.date_input(key="audit_end").set_value(dt.date(2026, 1, 7)).run()
    assert not at.exception
    table = _table(at)
    assert list(table["User"]) == ["staff"] * 5
    assert set(table["Event"]) == {"signin"}


def test_the_page_goes_back_to_one_when_a_filter_changes(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    _fill(db)
    at = open_page(PAGE, username="admin")
    at.button(key="audit_next").click().run()
    at.selectbox(key="audit_event").set_value("signin").run()
    assert not at.exception
    assert "Page 1 of 2" in " ".join(m.value for m in at.markdown)


def test_dates_the_wrong_way_round_are_explained(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    _fill(db)
    at = open_page(PAGE, username="admin")
    at.date_input(key="audit_start").set_value(dt.date(2026, 2, 1)).run()
    at.date_input(key="audit_end").set_value(dt.date(2026, 1, 1)).run()
    assert not at.exception
    assert "after the 'To' date" in at.error[0].value
    assert at.date_input(key="audit_start").value == dt.date(2026, 2, 1)


def test_no_match_says_what_to_do(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    _fill(db)
    at = open_page(PAGE, username="admin")
    at.date_input(key="audit_start").set_value(dt.date(2027, 1, 1)).run()
    assert not at.exception
    assert "No events match" in at.info[0].value


def test_no_display_names_are_shown(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    _fill(db)
    at = open_page(PAGE, username="admin")
    shown = _table(at).to_string()
    assert "staff" in shown and "Staff" not in shown  # usernames only, never display names
