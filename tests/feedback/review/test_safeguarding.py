"""The safeguarding review list on both databases: who may see it, and "reviewed, action taken"."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.access import NotAllowedError, Viewer
from feedback.fixtures import ADMIN, CLYDESDALE, lead, make_comment, make_user
from feedback.models import AuditEvent, Comment
from feedback.review.safeguarding import count_flagged, list_flagged, mark_reviewed
from feedback.validation import ValidationError


def test_list_shows_flagged_redacted_within_scope(session: Session) -> None:
    mine = make_comment(session, text="Jim hurts me", redacted="[NAME] hurts me", safeguarding=True)
    make_comment(session, text="No point going on", safeguarding=True, locality=CLYDESDALE)
    make_comment(session, text="Answer the phone")
    session.commit()
    assert count_flagged(session=session, viewer=ADMIN) == 2
    rows = list_flagged(session=session, viewer=lead())
    assert [(r.id, r.redacted_text) for r in rows] == [(mine.id, "[NAME] hurts me")]
    assert count_flagged(session=session, viewer=lead(locality=CLYDESDALE)) == 1


@pytest.mark.parametrize("role", ["reviewer", "staff"])
def test_list_refused_to_other_roles(session: Session, role: str) -> None:
    with pytest.raises(NotAllowedError):
        list_flagged(session=session, viewer=Viewer(user_id=None, role=role))
    with pytest.raises(NotAllowedError):
        count_flagged(session=session, viewer=Viewer(user_id=None, role=role))


def test_mark_reviewed_records_note_who_and_when(session: Session) -> None:
    user = make_user(session, username="ann", role="admin")
    comment = make_comment(session, safeguarding=True)
    mark_reviewed(
        session=session,
        comment_id=comment.id,
        viewer=Viewer(user.id, "admin"),
        note="  Passed to the duty social worker.  ",
    )
    session.commit()
    stored = session.get(Comment, comment.id)
    assert stored.safeguarding_note == "Passed to the duty social worker."
    assert stored.safeguarding_reviewed_by == user.id and stored.safeguarding_reviewed_at is not None
    assert count_flagged(session=session, viewer=ADMIN) == 0
    done = list_flagged(session=session, viewer=ADMIN, reviewed=True)
    assert [(r.reviewed_by, r.note) for r in done] == [("Ann", "Passed to the duty social worker.")]
    audit = session.scalars(select(AuditEvent).where(AuditEvent.event == "safeguarding.review")).one()
    assert "duty" not in str(audit.detail)


@pytest.mark.parametrize(("note", "field"), [("", "note"), ("   ", "note"), ("x" * 2001, "note")])
def test_mark_reviewed_needs_a_note(session: Session, note: str, field: str) -> None:
    comment = make_comment(session, safeguarding=True)
    with pytest.raises(ValidationError) as caught:
        mark_reviewed(session=session, comment_id=comment.id, viewer=ADMIN, note=note)
    assert field in caught.value.errors


@pytest.mark.parametrize(
    ("flagged", "locality", "viewer"),
    [
        (False, "hamilton_blantyre_larkhall", ADMIN),
        (True, CLYDESDALE, lead()),
        (True, "hamilton_blantyre_larkhall", Viewer(user_id=None, role="reviewer")),
    ],
)
def test_mark_reviewed_refused(session: Session, flagged: bool, locality: str, viewer: Viewer) -> None:
    comment = make_comment(session, safeguarding=flagged, locality=locality)
    with pytest.raises(NotAllowedError):
        mark_reviewed(session=session, comment_id=comment.id, viewer=viewer, note="Seen")
    assert session.get(Comment, comment.id).safeguarding_reviewed_at is None
