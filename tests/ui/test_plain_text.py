"""Typed text is shown as typed: a title, venue or partner name never becomes a link, bold or HTML."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.db import transaction
from feedback.fixtures import make_activity, make_comment
from feedback.models import Partner

PLANTED = "[link](http://x) **bold** <b>html</b>"
RAW_FRAGMENTS = ("[link](http://x)", "**bold**", "<b>html</b>")
MARKDOWN_ELEMENTS = (
    "markdown",
    "caption",
    "info",
    "success",
    "warning",
    "error",
    "subheader",
    "title",
    "header",
)


def _markdown_sources(at: AppTest) -> list[str]:
    return [str(e.value) for kind in MARKDOWN_ELEMENTS for e in getattr(at, kind)]


def _as_shown(source: str) -> str:
    """What markdown shows for backslash-escaped text: the escaped characters themselves."""
    return re.sub(r"\\(.)", r"\1", source)


@pytest.fixture
def planted(db: sessionmaker[Session]) -> sessionmaker[Session]:
    """An activity titled and held at PLANTED, a comment from it and a partner named PLANTED."""
    with transaction(db) as session:
        activity = make_activity(session, title=PLANTED, venue=PLANTED)
        make_comment(
            session, activity_id=activity.id, text="Fine", themes=(), created_at=dt.datetime.now(dt.UTC)
        )
        session.add(Partner(name=PLANTED, sector="community"))
    return db


@pytest.mark.parametrize(
    ("page", "username"),
    [("ui/activities.py", "staff"), ("ui/comments.py", "admin"), ("ui/partners.py", "admin")],
)
def test_typed_text_is_shown_literally(
    planted: sessionmaker[Session], open_page: Callable[..., AppTest], page: str, username: str
) -> None:
    at = open_page(page, username=username)
    assert not at.exception
    sources = _markdown_sources(at)
    for source in sources:
        for fragment in RAW_FRAGMENTS:
            assert fragment not in source, f"{fragment!r} would render as formatting in {source!r}"
    shown = [_as_shown(s) for s in sources] + [str(t.value) for t in at.text]
    assert any(PLANTED in s for s in shown), "the planted text should appear, as typed"
