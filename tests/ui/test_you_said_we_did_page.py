"""AppTest: the 'you said, we did' page offers DOCX and Markdown with approved redacted quotes only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.db import transaction
from feedback.fixtures import ADMIN, HAMILTON, make_comment
from feedback.review.actions import ActionInput, create_action
from feedback.review.quotes import approve_quote

PAGE = "ui/you_said_we_did.py"


def test_reviewer_sees_the_summary(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    now = dt.datetime.now(dt.UTC)
    with transaction(db) as session:
        quoted = make_comment(session, text="Jim was kind", redacted="[NAME] was kind", created_at=now)
        make_comment(session, text="Not approved", created_at=now)
        approve_quote(session=session, comment_id=quoted.id, viewer=ADMIN)
        create_action(
            session=session,
            viewer=ADMIN,
            data=ActionInput(heard="Phones ring out", will_do="Call-back option", locality=HAMILTON),
        )
    at = open_page(PAGE, username="reviewer")
    at.selectbox(key="ysd_locality").set_value(HAMILTON).run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert texts == ["“[NAME] was kind” (Getting access to services)"]
    assert "1 quotes · 1 actions" in " ".join(c.value for c in at.caption)
