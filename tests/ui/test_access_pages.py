"""The role x page matrix, walked from feedback.access: navigation offers, and guards allow, the same pages."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.access import ALL_ROLES, PAGES, may_open
from feedback.admin.auth import create_user
from feedback.db import transaction
from feedback.settings import REPO_ROOT
from tests.ui.conftest import APP, TIMEOUT, signed_in_user
from ui.navigation import PAGES as NAVIGATION
from ui.state import USER_KEY


def test_navigation_lists_every_page_of_the_access_table_once() -> None:
    assert sorted(spec.page_id for spec in NAVIGATION) == sorted(PAGES)


@pytest.fixture
def users(db: sessionmaker[Session]) -> dict[str, str]:
    """A signed-in username for every role (a locality lead added to the known test users)."""
    with transaction(db) as session:
        create_user(
            session=session,
            username="lead",
            display_name="Lead",
            role="locality_lead",
            pin="2222",
            locality="hamilton_blantyre_larkhall",
        )
    return {"staff": "staff", "locality_lead": "lead", "reviewer": "reviewer", "admin": "admin"}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_opens_exactly_its_pages(
    db: sessionmaker[Session], users: dict[str, str], role: str
) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[USER_KEY] = signed_in_user(db, users[role])
    at.run()
    for page_id in PAGES:
        spec = next(s for s in NAVIGATION if s.page_id == page_id)
        if not may_open(role, page_id):
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(spec.path)
            continue
        if page_id == "sign_out":
            continue  # opening it signs the user out; tests/ui/test_router.py covers it
        at.switch_page(spec.path).run()
        assert not at.exception, page_id
        assert at.title and not _refused(at), page_id


def _refused(at: AppTest) -> bool:
    return any("cannot open this page" in e.value for e in at.error)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_page_guard_refuses_the_roles_the_table_leaves_out(
    db: sessionmaker[Session], users: dict[str, str], role: str
) -> None:
    """The guard on the page itself, run without the router's navigation."""
    for page_id, path in sorted((s.page_id, s.path) for s in NAVIGATION if s.page_id != "sign_out"):
        at = AppTest.from_file(str(REPO_ROOT / path), default_timeout=TIMEOUT)
        at.session_state[USER_KEY] = signed_in_user(db, users[role])
        at.run()
        assert not at.exception, page_id
        assert _refused(at) is not may_open(role, page_id), page_id
