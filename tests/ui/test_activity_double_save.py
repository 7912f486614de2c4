"""AppTest: saving the same activity form twice (a double tap, a repeated Save) stores one activity."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.models import Activity
from tests.ui.test_activity_edit import _fill, _partners

PAGE = "ui/activity_edit.py"


def _titles(db: sessionmaker[Session]) -> list[str]:
    with db() as session:
        return list(session.scalars(select(Activity.title).order_by(Activity.id)))


def test_a_second_save_of_the_same_form_stores_one_activity(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE)
    token = at.session_state["act_client_token"]
    _fill(at, _partners(db))
    at.button(key="act_save").click().run()
    assert _titles(db) == ["LISTEN event, Hamilton Town House"]
    # The form switched to editing the saved activity: Save again changes it, adds nothing.
    assert [t.value for t in at.title] == ["Change an activity"]
    at.button(key="act_save").click().run()
    assert _titles(db) == ["LISTEN event, Hamilton Town House"]
    # A stale tap that reached the server with the first form's id (a new form) stores nothing new.
    at.button(key="act_new").click().run()
    assert at.text_input(key="act_title").value == ""  # "Record a new activity instead" clears the form
    assert at.session_state["act_client_token"] != token
    at.session_state["act_client_token"] = token
    _fill(at, _partners(db))
    at.button(key="act_save").click().run()
    assert not at.exception
    assert _titles(db) == ["LISTEN event, Hamilton Town House"]


def test_the_next_form_stores_a_new_activity(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE)
    _fill(at, _partners(db))
    at.button(key="act_save").click().run()
    at.button(key="act_new").click().run()
    _fill(at, _partners(db), title="Women's hub visit, East Kilbride")
    at.button(key="act_save").click().run()
    assert _titles(db) == ["LISTEN event, Hamilton Town House", "Women's hub visit, East Kilbride"]
