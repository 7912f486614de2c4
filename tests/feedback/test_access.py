"""The role x action matrix, walked from the one table in feedback.access, against the real services."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from feedback.access import ACTIONS, ALL_ROLES, PAGES, ROLES, NotAllowedError, Viewer, may
from feedback.admin.codebook import save_codebook, theme_records
from feedback.fixtures import HAMILTON, make_activity, make_comment
from feedback.imports.service import import_context
from feedback.review.actions import ActionInput, create_action
from feedback.review.alerts import list_alerts
from feedback.review.coding import code_comment
from feedback.review.first_read import list_unread

Call = Callable[[Session, Viewer], object]


def _code(session: Session, viewer: Viewer) -> object:
    comment = make_comment(session, locality=HAMILTON)
    return code_comment(session=session, comment_id=comment.id, viewer=viewer, sentiment="positive")


def _action(session: Session, viewer: Viewer) -> object:
    data = ActionInput(heard="Phones not answered", will_do="A duty line", locality=HAMILTON)
    return create_action(session=session, data=data, viewer=viewer)


# Every action a service checks, with a call that needs it (pages guard the rest: tests/ui).
SERVICE_CHECKS: dict[str, Call] = {
    "code_comments": _code,
    "first_read": lambda s, v: list_unread(session=s, viewer=v),
    "receive_alerts": lambda s, v: list_alerts(session=s, viewer=v),
    "manage_actions": _action,
    "edit_codebook": lambda s, v: save_codebook(session=s, records=theme_records(s), viewer=v),
    "import_responses": lambda s, v: import_context(
        session=s, survey_key="your_view_counts", activity_id=make_activity(s, locality=HAMILTON).id, viewer=v
    ),
}


def test_the_table_names_only_known_roles_and_actions() -> None:
    assert set(ALL_ROLES) == set(ROLES)
    assert all(set(roles) <= set(ROLES) for roles in ACTIONS.values())
    assert set(PAGES.values()) <= set(ACTIONS)
    assert set(SERVICE_CHECKS) <= set(ACTIONS)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("action", sorted(SERVICE_CHECKS))
def test_services_follow_the_access_table(session: Session, role: str, action: str) -> None:
    viewer = Viewer(user_id=None, role=role, locality=HAMILTON)
    if may(role, action):
        SERVICE_CHECKS[action](session, viewer)
    else:
        with pytest.raises(NotAllowedError):
            SERVICE_CHECKS[action](session, viewer)


def test_a_locality_lead_is_scoped_to_their_locality() -> None:
    lead = Viewer(user_id=None, role="locality_lead", locality=HAMILTON)
    admin = Viewer(user_id=None, role="admin")
    assert lead.locality_scope == HAMILTON and not lead.may_see_locality("clydesdale")
    assert admin.locality_scope is None and admin.may_see_locality("clydesdale")
