"""The 'you said, we did' content on both databases: suppressed theme counts, approved quotes, actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy.orm import Session

from feedback.actions import ActionInput, create_action
from feedback.quotes import approve_quote
from feedback.you_said_we_did_data import gather
from tests.feedback.comment_factory import ADMIN, CLYDESDALE, HAMILTON, make_comment

START, END = dt.date(2026, 1, 1), dt.date.today()
ACTION = ActionInput(
    heard="Phones ring out", will_do="Call-back option", locality=HAMILTON, theme_id="access"
)


def test_gather_publishable_content(session: Session) -> None:
    for _ in range(12):
        make_comment(session, themes=("access",))
    for _ in range(3):
        make_comment(session, themes=("housing",))
    make_comment(session, themes=("access",), safeguarding=True)
    make_comment(session, themes=("access",), locality=CLYDESDALE)
    make_comment(session, themes=("staff",), created_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    quoted = make_comment(session, text="Jim was kind", redacted="[NAME] was kind", themes=())
    approve_quote(session=session, comment_id=quoted.id, viewer=ADMIN)
    create_action(session=session, data=ACTION, viewer=ADMIN)
    create_action(session=session, data=replace(ACTION, locality="south_lanarkshire_wide"), viewer=ADMIN)
    create_action(session=session, data=replace(ACTION, locality=CLYDESDALE), viewer=ADMIN)
    session.commit()
    content = gather(session=session, locality=HAMILTON, start=START, end=END, k=10)
    assert [(t.theme_id, t.comments) for t in content.themes] == [("access", 12), ("housing", "[c]")]
    assert content.quotes == ("[NAME] was kind",)
    assert len(content.actions) == 2 and {a.theme for a in content.actions} == {"Getting access to services"}
    assert all(a.heard == "Phones ring out" for a in content.actions)
    wide = gather(session=session, locality="south_lanarkshire_wide", start=START, end=END, k=10)
    assert next((t.theme_id, t.comments) for t in wide.themes) == ("access", 13)
    assert len(wide.actions) == 3
