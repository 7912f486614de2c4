"""AppTest: actions are created (from a theme or selected comments), validated, and change status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.db import transaction
from feedback.fixtures import ADMIN, HAMILTON, make_comment
from feedback.models import Action, ActionComment
from feedback.review.actions import ActionInput, create_action

PAGE = "ui/actions.py"


def _actions(db: sessionmaker[Session]) -> list[Action]:
    with db() as session:
        return list(session.scalars(select(Action).order_by(Action.id)))


def test_admin_creates_an_action_from_a_theme(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE, username="admin")
    assert not at.exception
    at.selectbox(key="new_locality").set_value(HAMILTON)
    at.selectbox(key="new_theme").set_value("access")
    at.text_area(key="new_will_do").input("Add a call-back option.")
    at.date_input(key="new_due").set_value(dt.date(2026, 12, 1))
    at.button(key="new_submit").click().run()
    assert not at.exception
    [action] = _actions(db)
    assert (action.locality, action.theme_id, action.status) == (HAMILTON, "access", "planned")
    assert action.heard.startswith("People told us about") and action.will_do == "Add a call-back option."
    assert "Action created." in [s.value for s in at.success]


def test_missing_fields_are_named(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    at = open_page(PAGE, username="admin")
    at.selectbox(key="new_status").set_value("not_taken_forward")
    at.button(key="new_submit").click().run()
    assert not at.exception
    assert "Please fix" in at.error[0].value
    messages = " ".join(m.value for m in at.markdown)
    assert "Say what we heard" in messages and "Give the reason" in messages
    assert _actions(db) == []


def test_action_from_selected_comments(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    with transaction(db) as session:
        ids = [make_comment(session, themes=("housing",)).id for _ in range(2)]
    at = open_page(PAGE, username="admin", action_comment_ids=ids)
    assert not at.exception
    assert at.selectbox(key="new_theme").value == "housing"
    at.text_area(key="new_will_do").input("Meet people 12 weeks before release.")
    at.button(key="new_submit").click().run()
    assert not at.exception
    with db() as session:
        linked = sorted(session.scalars(select(ActionComment.comment_id)))
    assert linked == sorted(ids)


def test_overdue_actions_stand_out_and_status_changes(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    with transaction(db) as session:
        late = create_action(
            session=session,
            viewer=ADMIN,
            data=ActionInput(
                heard="Letters are confusing",
                will_do="Rewrite them",
                locality=HAMILTON,
                due_date=dt.date.today() - dt.timedelta(days=3),
            ),
        ).id
    at = open_page(PAGE, username="reviewer")
    assert not at.exception
    assert any("Overdue" in m.value for m in at.markdown)
    at.selectbox(key=f"status_{late}").set_value("not_taken_forward")
    at.button(key=f"save_{late}").click().run()
    assert "Give the reason" in at.error[0].value
    at.text_input(key=f"reason_{late}").input("No budget this year.")
    at.button(key=f"save_{late}").click().run()
    assert not at.exception
    [action] = _actions(db)
    assert (action.status, action.status_reason) == ("not_taken_forward", "No budget this year.")
    assert not any("Overdue" in m.value for m in at.markdown)
