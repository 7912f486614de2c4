"""'You said, we did' actions on both databases: validation, scope, status rules, overdue, lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from feedback.access import NotAllowedError, Viewer
from feedback.fixtures import ADMIN, CLYDESDALE, HAMILTON, lead, make_comment
from feedback.models import Action, ActionComment, Partner
from feedback.review.action_list import ActionFilter, is_overdue, list_actions
from feedback.review.actions import (
    ActionInput,
    change_status,
    create_action,
    draft_from_comments,
    update_action,
)
from feedback.validation import ValidationError

TODAY = dt.date(2026, 6, 1)
GOOD = ActionInput(
    heard="People said the phone rings out.",
    will_do="Add a call-back option.",
    locality=HAMILTON,
    theme_id="access",
    due_date=dt.date(2026, 9, 30),
)


@pytest.mark.parametrize(
    ("due", "status", "expected"),
    [
        (dt.date(2026, 5, 31), "planned", True),
        (dt.date(2026, 5, 31), "in_progress", True),
        (dt.date(2026, 5, 31), "done", False),
        (dt.date(2026, 5, 31), "not_taken_forward", False),
        (dt.date(2026, 6, 1), "planned", False),
        (dt.date(2026, 7, 1), "planned", False),
        (None, "planned", False),
    ],
)
def test_is_overdue(due: dt.date | None, status: str, expected: bool) -> None:
    assert is_overdue(due, status, TODAY) is expected


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"heard": "  "}, "heard"),
        ({"will_do": ""}, "will_do"),
        ({"heard": "x" * 5001}, "heard"),
        ({"locality": "glasgow"}, "locality"),
        ({"status": "maybe"}, "status"),
        ({"status": "not_taken_forward"}, "status_reason"),
        ({"status": "done"}, "we_did"),
        ({"theme_id": "no_such_theme"}, "theme_id"),
        ({"owner_partner_id": 999_999}, "owner_partner_id"),
        ({"due_date": dt.date(1999, 1, 1)}, "due_date"),
        ({"comment_ids": (999_999,)}, "comment_ids"),
    ],
)
def test_validation_names_the_field(session: Session, overrides: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        create_action(session=session, data=replace(GOOD, **overrides), viewer=ADMIN)
    assert field in caught.value.errors
    assert session.scalar(select(func.count()).select_from(Action)) == 0


def test_create_from_comments_links_them(session: Session) -> None:
    partner = session.scalars(select(Partner)).first()
    ids = [make_comment(session, themes=("access",)).id, make_comment(session, themes=("access", "staff")).id]
    draft = draft_from_comments(session=session, comment_ids=ids)
    assert (draft.locality, draft.theme_id, draft.comment_ids) == (HAMILTON, "access", tuple(ids))
    action = create_action(
        session=session,
        viewer=lead(),
        data=replace(draft, will_do="Call-back option", owner_partner_id=partner.id),
    )
    session.commit()
    linked = session.scalars(select(ActionComment.comment_id).where(ActionComment.action_id == action.id))
    assert sorted(linked) == sorted(ids)
    assert session.get(Action, action.id).owner_partner_id == partner.id


def test_comments_from_two_localities_draft_area_wide(session: Session) -> None:
    ids = [make_comment(session).id, make_comment(session, locality=CLYDESDALE).id]
    assert draft_from_comments(session=session, comment_ids=ids).locality == "south_lanarkshire_wide"


@pytest.mark.parametrize(
    ("viewer", "data"),
    [
        (Viewer(None, "staff"), GOOD),
        (lead(locality=CLYDESDALE), GOOD),
    ],
)
def test_create_refused_outside_role_or_locality(session: Session, viewer: Viewer, data: ActionInput) -> None:
    with pytest.raises(NotAllowedError):
        create_action(session=session, data=data, viewer=viewer)


def test_flagged_or_other_locality_comments_cannot_be_linked(session: Session) -> None:
    flagged = make_comment(session, safeguarding=True)
    theirs = make_comment(session, locality=CLYDESDALE)
    for comment_id in (flagged.id, theirs.id):
        with pytest.raises(ValidationError) as caught:
            create_action(session=session, data=replace(GOOD, comment_ids=(comment_id,)), viewer=lead())
        assert "comment_ids" in caught.value.errors


def test_not_taken_forward_needs_a_reason(session: Session) -> None:
    action = create_action(session=session, data=GOOD, viewer=ADMIN)
    with pytest.raises(ValidationError) as caught:
        change_status(session=session, action_id=action.id, status="not_taken_forward", viewer=ADMIN)
    assert "status_reason" in caught.value.errors
    change_status(
        session=session,
        action_id=action.id,
        status="not_taken_forward",
        viewer=ADMIN,
        reason="No budget this year.",
    )
    session.commit()
    stored = session.get(Action, action.id)
    assert (stored.status, stored.status_reason) == ("not_taken_forward", "No budget this year.")


def test_update_keeps_links_and_scope(session: Session) -> None:
    comment = make_comment(session)
    action = create_action(session=session, data=replace(GOOD, comment_ids=(comment.id,)), viewer=ADMIN)
    update_action(
        session=session,
        action_id=action.id,
        viewer=lead(),
        data=replace(GOOD, status="done", we_did="We added a call-back option."),
    )
    with pytest.raises(NotAllowedError):
        update_action(
            session=session, action_id=action.id, viewer=lead(), data=replace(GOOD, locality=CLYDESDALE)
        )
    session.commit()
    assert session.get(Action, action.id).status == "done"
    assert session.scalar(select(func.count()).select_from(ActionComment)) == 1


def test_list_filters_and_overdue_first(session: Session) -> None:
    late = create_action(session=session, data=replace(GOOD, due_date=dt.date(2026, 5, 1)), viewer=ADMIN)
    soon = create_action(
        session=session,
        data=replace(GOOD, due_date=dt.date(2026, 4, 1), status="done", we_did="Done it."),
        viewer=ADMIN,
    )
    later = create_action(session=session, data=replace(GOOD, due_date=dt.date(2026, 12, 1)), viewer=ADMIN)
    theirs = create_action(
        session=session, data=replace(GOOD, locality=CLYDESDALE, theme_id="housing"), viewer=ADMIN
    )
    wide = create_action(
        session=session, data=replace(GOOD, locality="south_lanarkshire_wide", due_date=None), viewer=ADMIN
    )
    session.commit()

    def ids(viewer: Viewer = ADMIN, **kw: object) -> list[int]:
        filters = ActionFilter(**kw)  # type: ignore[arg-type]
        return [r.id for r in list_actions(session=session, viewer=viewer, filters=filters, today=TODAY)]

    assert ids() == [late.id, soon.id, theirs.id, later.id, wide.id]
    assert ids(overdue_only=True) == [late.id]
    assert ids(statuses=("done",)) == [soon.id]
    assert ids(theme_ids=("housing",)) == [theirs.id]
    assert ids(localities=(CLYDESDALE,)) == [theirs.id]
    assert ids(viewer=lead()) == [late.id, soon.id, later.id, wide.id]  # no Clydesdale
    rows = list_actions(session=session, viewer=ADMIN, today=TODAY)
    assert [r.overdue for r in rows] == [True, False, False, False, False]
