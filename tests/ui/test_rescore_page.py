"""AppTest: an admin re-scores stale comments with a progress bar."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.db import transaction
from feedback.fixtures import make_comment
from feedback.models import Comment

PAGE = "ui/rescore.py"


def test_admin_rescores_stale_comments(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    with transaction(db) as session:
        for text in ("Answer the phone quicker", "My worker found me a flat"):
            make_comment(session, text=text, sentiment=None, themes=())
    at = open_page(PAGE, username="admin")
    assert not at.exception
    assert at.metric[0].value == "2"
    at.button(key="rs_run").click().run()
    assert not at.exception
    assert "Re-scored 2 comments." in [s.value for s in at.success]
    with db() as session:
        versions = set(session.scalars(select(Comment.analysis_version)))
        sentiments = set(session.scalars(select(Comment.sentiment)))
    assert "test" not in versions and None not in sentiments
