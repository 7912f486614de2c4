"""Quote approval on both databases: permission, never safeguarding, only redacted text leaves."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from feedback.access import NotAllowedError, Viewer
from feedback.fixtures import ADMIN, CLYDESDALE, HAMILTON, lead, make_comment, make_user
from feedback.models import Comment
from feedback.review.quotes import approve_quote, approved_quotes, withdraw_quote
from feedback.validation import ValidationError


def test_approve_then_withdraw(session: Session) -> None:
    user = make_user(session, username="lee", role="locality_lead", locality=HAMILTON)
    comment = make_comment(
        session, text="Jim on 07700 900123 was great", redacted="[NAME] on [PHONE] was great"
    )
    approve_quote(session=session, comment_id=comment.id, viewer=lead(user.id))
    session.commit()
    stored = session.get(Comment, comment.id)
    assert (stored.quote_approved, stored.quote_approved_by) == (True, user.id)
    quotes = approved_quotes(session=session)
    assert [(q.comment_id, q.text) for q in quotes] == [(comment.id, "[NAME] on [PHONE] was great")]
    withdraw_quote(session=session, comment_id=comment.id, viewer=ADMIN)
    session.commit()
    assert approved_quotes(session=session) == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"quote_permission": False}, "permission"),
        ({"safeguarding": True}, "safeguarding"),
        ({"redacted": "  "}, "no text"),
    ],
)
def test_approve_refused(session: Session, overrides: dict, message: str) -> None:
    comment = make_comment(session, **overrides)
    with pytest.raises(ValidationError) as caught:
        approve_quote(session=session, comment_id=comment.id, viewer=ADMIN)
    assert message in caught.value.errors["quote"]
    assert not session.get(Comment, comment.id).quote_approved


@pytest.mark.parametrize(
    "viewer", [Viewer(None, "reviewer"), Viewer(None, "staff"), lead(locality=CLYDESDALE)]
)
def test_approve_needs_a_coder_in_scope(session: Session, viewer: Viewer) -> None:
    comment = make_comment(session)
    with pytest.raises(NotAllowedError):
        approve_quote(session=session, comment_id=comment.id, viewer=viewer)


def test_approved_quotes_filter_and_exclude_later_flags(session: Session) -> None:
    old = make_comment(session, text="old", created_at=dt.datetime(2025, 1, 5, tzinfo=dt.UTC))
    new = make_comment(session, text="new")
    other = make_comment(session, text="other", locality=CLYDESDALE)
    later_flagged = make_comment(session, text="flagged later")
    for comment in (old, new, other, later_flagged):
        approve_quote(session=session, comment_id=comment.id, viewer=ADMIN)
    later_flagged.safeguarding = True  # a re-score may flag it after approval
    session.commit()
    texts = lambda **kw: [q.text for q in approved_quotes(session=session, **kw)]  # noqa: E731
    assert texts() == ["other", "new", "old"]  # newest first, then by id
    assert texts(localities=(HAMILTON,)) == ["new", "old"]
    assert texts(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)) == ["other", "new"]
    assert texts(end=dt.date(2025, 1, 5)) == ["old"]
