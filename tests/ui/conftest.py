"""AppTest fixtures: a migrated SQLite file per test, known users, and apps signed in as one of them."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.access import is_scoped
from feedback.admin.auth import create_user
from feedback.capture.kiosk_devices import open_device
from feedback.db import make_engine, make_session_factory, transaction
from feedback.fixtures import BIG, make_user, seed_review
from feedback.migrations import migrate
from feedback.models import Survey, User
from feedback.settings import REPO_ROOT, get_settings, settings_from_env
from ui.state import KIOSK_KEY, USER_KEY, SignedInUser

APP = str(REPO_ROOT / "streamlit_app.py")
TIMEOUT = 60
USERS = (  # username, role, PIN, locality
    ("staff", "staff", "111333", None),
    ("admin", "admin", "admin-passphrase", None),
    ("reviewer", "reviewer", "333555", None),
    ("other.staff", "staff", "555777", None),
)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with reference data and the test users, copied for each test."""
    path = tmp_path_factory.mktemp("ui-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine, settings_from_env())
    with transaction(make_session_factory(engine)) as session:
        for username, role, pin, locality in USERS:
            create_user(
                session=session,
                username=username,
                display_name=username.title(),
                role=role,
                pin=pin,
                locality=locality,
            )
    engine.dispose()
    return path


@pytest.fixture
def db(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    """A fresh copy of the template database that the app under test uses; yields a session factory."""
    path = tmp_path / "app.db"
    shutil.copy(template_db, path)
    monkeypatch.setenv("FEEDBACK_DATABASE_URL", f"sqlite:///{path}")
    get_settings.cache_clear()
    st.cache_resource.clear()
    engine = make_engine(f"sqlite:///{path}")
    yield make_session_factory(engine)
    engine.dispose()
    st.cache_resource.clear()
    get_settings.cache_clear()


def signed_in_user(factory: sessionmaker[Session], username: str) -> SignedInUser:
    """The session-state record of a signed-in test user."""
    with factory() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        return SignedInUser(user.id, user.username, user.display_name, user.role, user.locality)


@pytest.fixture
def open_page(db: sessionmaker[Session]) -> Callable[..., AppTest]:
    """Open a page of the real app (through the router) signed in as a test user."""

    def _open(page: str, username: str = "staff", **state: object) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.session_state[USER_KEY] = signed_in_user(db, username)
        for key, value in state.items():
            at.session_state[key] = value
        at.run()
        at.switch_page(page)
        return at.run()

    return _open


def no_exception(at: AppTest) -> bool:
    """True when the script run raised nothing (the list of exception elements is empty)."""
    return len(at.exception) == 0


def kiosk_config(
    factory: sessionmaker[Session],
    *,
    staff: str = "staff",
    survey_key: str = "your_view_counts",
    locality: str = "clydesdale",
    activity_id: int | None = None,
) -> str:
    """Start a kiosk device on the test database; returns the device token KIOSK_KEY holds."""
    with transaction(factory) as session:
        survey = session.scalars(select(Survey).where(Survey.key == survey_key)).one()
        staff_id = session.scalars(select(User.id).where(User.username == staff)).one()
        return open_device(
            session=session,
            survey_id=survey.id,
            locality=locality,
            staff_user_id=staff_id,
            activity_id=activity_id,
        )


@pytest.fixture
def kiosk(db: sessionmaker[Session]) -> AppTest:
    """A kiosk started by the staff user for Your View Counts in Clydesdale."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[USER_KEY] = signed_in_user(db, "staff")
    at.session_state[KIOSK_KEY] = kiosk_config(db)
    return at.run()


@pytest.fixture
def seeded(db: sessionmaker[Session]) -> sessionmaker[Session]:
    """The app database with the review data set (feedback.fixtures.seed_review)."""
    with transaction(db) as session:
        seed_review(session)
    return db


def signed_in(factory: sessionmaker[Session], role: str, locality: str | None = None) -> SignedInUser:
    """A new stored user of the role (a locality lead defaults to Hamilton), as session state holds them."""
    if is_scoped(role) and locality is None:
        locality = BIG
    with transaction(factory) as session:
        user = make_user(session, username=f"{role}.user", role=role, locality=locality)
        return SignedInUser(user.id, user.username, user.display_name, user.role, user.locality)


def sign_in_state(at: AppTest, user: SignedInUser) -> None:
    """Put the signed-in user into an AppTest's session state."""
    at.session_state[USER_KEY] = user
