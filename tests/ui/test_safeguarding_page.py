"""AppTest: the safeguarding review list records "reviewed, action taken" for admins and own-locality leads."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.admin.auth import create_user
from feedback.db import transaction
from feedback.models import Comment
from tests.feedback.comment_factory import CLYDESDALE, HAMILTON, make_comment

PAGE = "ui/safeguarding.py"


def _flagged(db: sessionmaker[Session], locality: str = HAMILTON) -> int:
    with transaction(db) as session:
        return make_comment(
            session, text="Jim hurts me", redacted="[NAME] hurts me", safeguarding=True, locality=locality
        ).id


def _lead(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        create_user(
            session=session,
            username="lead",
            display_name="Lead",
            role="locality_lead",
            pin="222444",
            locality=HAMILTON,
        )


def test_admin_records_a_review(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    comment_id = _flagged(db)
    at = open_page(PAGE, username="admin")
    assert not at.exception
    assert "[NAME] hurts me" in [t.value for t in at.text]
    assert "Jim" not in " ".join(t.value for t in at.text)
    at.text_area(key=f"note_{comment_id}").input("Passed to the duty social worker.")
    at.button(key=f"reviewed_{comment_id}").click().run()
    assert not at.exception
    with db() as session:
        stored = session.get(Comment, comment_id)
        assert stored.safeguarding_note == "Passed to the duty social worker."
        assert stored.safeguarding_reviewed_by is not None
    assert "Review recorded." in [s.value for s in at.success]


def test_an_empty_note_is_refused(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    comment_id = _flagged(db)
    at = open_page(PAGE, username="admin")
    at.button(key=f"reviewed_{comment_id}").click().run()
    assert not at.exception
    assert any("Say what action was taken" in m.value for m in at.markdown)
    with db() as session:
        assert session.get(Comment, comment_id).safeguarding_reviewed_at is None


def test_lead_sees_only_own_locality(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    _lead(db)
    mine = _flagged(db)
    theirs = _flagged(db, CLYDESDALE)
    at = open_page(PAGE, username="lead")
    assert not at.exception
    keys = {b.key for b in at.button}
    assert f"reviewed_{mine}" in keys and f"reviewed_{theirs}" not in keys


@pytest.mark.parametrize("username", ["reviewer", "staff"])
def test_reviewers_and_staff_are_not_offered_it(
    db: sessionmaker[Session], open_page: Callable[..., AppTest], username: str
) -> None:
    _flagged(db)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page(PAGE, username=username)
