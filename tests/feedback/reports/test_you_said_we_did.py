"""The 'you said, we did' content on both databases: suppressed theme counts, approved quotes, actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy.orm import Session

from analysis.you_said_we_did import you_said_we_did_to_docx_bytes, you_said_we_did_to_markdown
from feedback.fixtures import ADMIN, CLYDESDALE, HAMILTON, make_comment
from feedback.reports.you_said_we_did import gather, themes_frame
from feedback.review.actions import ActionInput, create_action
from feedback.review.quotes import approve_quote

START, END = dt.date(2026, 1, 1), dt.date.today()
ACTION = ActionInput(
    heard="Phones ring out", will_do="Call-back option", locality=HAMILTON, theme_id="access"
)


def _seed(session: Session) -> None:
    for i in range(14):  # 14: shown whatever the noise (k + 2 x MAX_NOISE)
        make_comment(session, themes=("access",), sentiment="negative" if i < 10 else "positive")
    for _ in range(3):
        make_comment(session, themes=("housing",))
    make_comment(session, themes=("access",), safeguarding=True)
    make_comment(session, themes=("access",), locality=CLYDESDALE)
    make_comment(session, themes=("staff",), created_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    quoted = make_comment(session, text="Jim was kind", redacted="[NAME] was kind", themes=("staff",))
    approve_quote(session=session, comment_id=quoted.id, viewer=ADMIN)
    create_action(session=session, data=ACTION, viewer=ADMIN)
    create_action(session=session, data=replace(ACTION, locality="south_lanarkshire_wide"), viewer=ADMIN)
    create_action(session=session, data=replace(ACTION, locality=CLYDESDALE), viewer=ADMIN)
    session.commit()


def test_theme_counts_by_sentiment_leave_out_flagged(session: Session) -> None:
    _seed(session)
    frame = themes_frame(session=session, locality=HAMILTON, start=START, end=END).set_index("theme")
    assert frame.loc["Getting access to services", ["positive", "neutral", "negative"]].tolist() == [4, 0, 10]
    assert frame.loc["Housing and accommodation", "negative"] == 3
    wide = themes_frame(session=session, locality="south_lanarkshire_wide", start=START, end=END)
    assert (
        wide.set_index("theme").loc["Getting access to services", ["positive", "neutral", "negative"]].sum()
        == 15
    )


def test_gather_publishable_summary(session: Session) -> None:
    _seed(session)
    summary = gather(session=session, locality=HAMILTON, start=START, end=END, k=10)
    themes = summary.themes.set_index("Theme")
    assert abs(themes.loc["Getting access to services", "Comments"] - 14) <= 2  # cell-key noise
    assert "Housing and accommodation" not in themes.index  # 3 comments: no row at all
    assert [(q.text, q.theme) for q in summary.quotes] == [("[NAME] was kind", "Staff and workers")]
    assert len(summary.actions) == 2
    markdown = you_said_we_did_to_markdown(summary)
    assert "[NAME] was kind" in markdown and "Jim" not in markdown and "Phones ring out" in markdown
    assert you_said_we_did_to_docx_bytes(summary)[:2] == b"PK"
