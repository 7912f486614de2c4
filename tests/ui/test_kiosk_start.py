"""AppTest: staff start a kiosk for a survey, with an activity or a locality."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.capture.kiosk_devices import get_device
from feedback.db import transaction
from feedback.fixtures import make_activity
from feedback.models import KioskDevice, StaffSession, Survey
from tests.ui.conftest import signed_in_user
from ui.state import KIOSK_KEY, TOKEN_KEY, USER_KEY

PAGE = "ui/kiosk_start.py"


def _survey_id(db: sessionmaker[Session], key: str) -> int:
    with db() as session:
        return session.scalars(select(Survey.id).where(Survey.key == key)).one()


def _device(db: sessionmaker[Session], at: AppTest) -> KioskDevice:
    with db() as session:
        return get_device(session=session, token=at.session_state[KIOSK_KEY])


def test_starting_with_an_activity_takes_its_locality(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    with transaction(db) as session:
        activity_id = make_activity(session).id
    at = open_page(PAGE)
    at.selectbox(key="ks_survey").set_value(_survey_id(db, "womens_hub_checkin"))
    at.selectbox(key="ks_activity").set_value(activity_id)
    at.button(key="ks_start").click().run()
    assert not at.exception
    device = _device(db, at)
    assert (device.survey_id, device.activity_id, device.locality, device.staff_user_id) == (
        _survey_id(db, "womens_hub_checkin"),
        activity_id,
        "hamilton_blantyre_larkhall",
        signed_in_user(db, "staff").id,
    )
    assert at.button(key="kq_0_yes").label == "Yes, I'll take part"  # the router now shows the kiosk
    # The tablet is the kiosk's now: the staff sign-in has ended on the server and in the tab.
    assert USER_KEY not in at.session_state and TOKEN_KEY not in at.session_state
    with db() as session:
        assert session.scalars(select(StaffSession)).all() == []


def test_without_an_activity_a_locality_is_needed(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE)
    at.button(key="ks_start").click().run()
    assert KIOSK_KEY not in at.session_state
    assert "Choose the locality" in at.error[0].value
    at.selectbox(key="ks_locality").set_value("rutherglen_cambuslang")
    at.button(key="ks_start").click().run()
    assert not at.exception
    device = _device(db, at)
    assert (device.locality, device.activity_id) == ("rutherglen_cambuslang", None)
