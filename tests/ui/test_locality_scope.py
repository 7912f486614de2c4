"""AppTest: a locality lead sees, edits and captures cards only for their own locality's activities."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.admin.auth import create_user
from feedback.db import transaction
from feedback.fixtures import make_activity
from feedback.models import Activity, Submission

OWN = "LISTEN event, Hamilton"
OTHER = "Clydesdale hub visit"


@pytest.fixture
def two_localities(db: sessionmaker[Session]) -> dict[str, int]:
    """A Hamilton lead, a Hamilton activity and a Clydesdale one (ids by name)."""
    with transaction(db) as session:
        create_user(
            session=session,
            username="lead.hamilton",
            display_name="Hamilton lead",
            role="locality_lead",
            pin="222444",
            locality="hamilton_blantyre_larkhall",
        )
        own = make_activity(session)
        other = make_activity(session, locality="clydesdale", title=OTHER)
        return {"own": own.id, "other": other.id}


def _texts(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def test_the_activity_list_shows_a_lead_only_their_locality(
    two_localities: dict[str, int], open_page: Callable[..., AppTest]
) -> None:
    at = open_page("ui/activities.py", username="lead.hamilton")
    assert not at.exception
    assert OWN in _texts(at) and OTHER not in _texts(at)
    assert at.selectbox(key="acts_locality").options == ["Hamilton/Blantyre/Larkhall"]
    everyone = open_page("ui/activities.py", username="staff")
    assert OWN in _texts(everyone) and OTHER in _texts(everyone)


def test_a_lead_cannot_open_another_localitys_activity_for_editing(
    db: sessionmaker[Session], two_localities: dict[str, int], open_page: Callable[..., AppTest]
) -> None:
    at = open_page("ui/activity_edit.py", username="lead.hamilton", edit_activity_id=two_localities["other"])
    assert not at.exception
    assert "another locality" in at.warning[0].value
    assert at.title[0].value == "Record an activity"
    assert at.text_input(key="act_title").value != OTHER
    assert at.selectbox(key="act_locality").options == ["Hamilton/Blantyre/Larkhall"]
    with db() as session:
        assert session.get(Activity, two_localities["other"]).title == OTHER


def test_a_lead_edits_their_own_localitys_activity(
    db: sessionmaker[Session], two_localities: dict[str, int], open_page: Callable[..., AppTest]
) -> None:
    at = open_page("ui/activity_edit.py", username="lead.hamilton", edit_activity_id=two_localities["own"])
    assert at.text_input(key="act_title").value == OWN
    at.text_input(key="act_title").input("LISTEN event, Hamilton (changed)")
    at.button(key="act_save").click().run()
    assert not at.exception
    assert "Changes saved" in at.success[0].value
    with db() as session:
        assert session.get(Activity, two_localities["own"]).title == "LISTEN event, Hamilton (changed)"


def test_the_cards_page_offers_a_lead_only_their_localitys_activities(
    db: sessionmaker[Session], two_localities: dict[str, int], open_page: Callable[..., AppTest]
) -> None:
    at = open_page("ui/cards.py", username="lead.hamilton", activity_id=two_localities["other"])
    assert not at.exception
    assert at.selectbox(key="cards_activity").value is None  # the other locality's is not offered
    options = at.selectbox(key="cards_activity").options
    assert len(options) == 1 and OWN in options[0]
    with db() as session:
        assert session.scalar(select(func.count()).select_from(Submission)) == 0


def test_a_lead_starts_kiosks_only_in_their_locality(
    two_localities: dict[str, int], open_page: Callable[..., AppTest]
) -> None:
    at = open_page("ui/kiosk_start.py", username="lead.hamilton")
    assert not at.exception
    activities = at.selectbox(key="ks_activity").options
    assert len(activities) == 1 and OWN in activities[0]
    assert at.selectbox(key="ks_locality").options == ["Hamilton/Blantyre/Larkhall"]
