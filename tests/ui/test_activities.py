"""AppTest: the activity list, its filters, counts and the buttons into editing and capture."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.capture.submissions import save_card
from feedback.db import transaction
from feedback.fixtures import card, make_activity

PAGE = "ui/activities.py"


def _seed(db: sessionmaker[Session]) -> tuple[int, int]:
    """A Hamilton LISTEN event with two cards and a Clydesdale hub visit a month later."""
    with transaction(db) as session:
        hamilton = make_activity(session)
        for _ in range(2):
            save_card(session=session, card=card(hamilton.id), user_id=None)
        clydesdale = make_activity(
            session,
            kind="womens_hub_visit",
            title="Hub visit, Lanark",
            locality="clydesdale",
            start_date=dt.date(2026, 4, 15),
            attendance={},
        )
        return hamilton.id, clydesdale.id


def _rows(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("#### ")]


def test_the_list_shows_each_activity_with_its_figures(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    _seed(db)
    at = open_page(PAGE)
    assert not at.exception
    assert _rows(at) == ["#### Hub visit, Lanark", "#### LISTEN event, Hamilton"]
    captions = [c.value for c in at.caption]
    assert "1 partner · 15 people engaged · 2 cards · 0 survey responses" in captions
    assert any(
        "LISTEN event · Hamilton/Blantyre/Larkhall · 12 Mar 2026 · Hamilton Townhouse" in m.value
        for m in at.markdown
    )


def test_filters_narrow_the_list(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    _seed(db)
    at = open_page(PAGE)
    at.selectbox(key="acts_locality").set_value("clydesdale").run()
    assert _rows(at) == ["#### Hub visit, Lanark"]
    at.selectbox(key="acts_locality").set_value("").run()
    at.selectbox(key="acts_kind").set_value("listen_event").run()
    assert _rows(at) == ["#### LISTEN event, Hamilton"]
    at.selectbox(key="acts_kind").set_value("").run()
    at.date_input(key="acts_from").set_value(dt.date(2026, 4, 1)).run()
    assert _rows(at) == ["#### Hub visit, Lanark"]
    at.date_input(key="acts_to").set_value(dt.date(2026, 4, 10)).run()
    assert _rows(at) == []
    assert not at.exception


def test_capture_and_edit_buttons_open_the_right_page(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    hamilton, _ = _seed(db)
    at = open_page(PAGE)
    at.button(key=f"acts_cards_{hamilton}").click().run()
    assert [t.value for t in at.title] == ["Feedback cards"]
    assert at.selectbox(key="cards_activity").value == hamilton
    at.switch_page(PAGE).run()
    at.button(key=f"acts_edit_{hamilton}").click().run()
    assert [t.value for t in at.title] == ["Change an activity"]
    assert at.text_input(key="act_title").value == "LISTEN event, Hamilton"
    assert not at.exception


def test_a_reviewer_sees_the_list_without_capture_buttons(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    hamilton, _ = _seed(db)
    at = open_page(PAGE, username="reviewer")
    assert len(_rows(at)) == 2
    assert all(
        b.key not in (f"acts_cards_{hamilton}", f"acts_edit_{hamilton}", "acts_new") for b in at.button
    )


def test_next_and_previous_pages_of_activities(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    day = dt.date(2026, 3, 1)
    with transaction(db) as session:
        for i in range(30):
            make_activity(
                session, title=f"Event {i:02d}", start_date=day - dt.timedelta(days=i), attendance={}
            )
    at = open_page(PAGE)
    assert len(_rows(at)) == 25 and _rows(at)[0] == "#### Event 00"
    assert at.button(key="acts_prev_top").disabled and not at.button(key="acts_next_top").disabled
    at.button(key="acts_next_bottom").click().run()
    assert _rows(at) == [f"#### Event {i}" for i in range(25, 30)]
    assert at.button(key="acts_next_top").disabled
    at.button(key="acts_prev_top").click().run()
    assert _rows(at)[0] == "#### Event 00" and len(_rows(at)) == 25
