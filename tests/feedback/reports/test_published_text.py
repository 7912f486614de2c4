"""Free text leaves the app only redacted: statement, 'You said, we did' and the reviewers' exports."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy.orm import Session

from analysis.you_said_we_did import you_said_we_did_to_markdown
from feedback.filters import ReviewFilter
from feedback.fixtures import make_activity
from feedback.models import Action
from feedback.reports.exports import actions_frame, activities_frame
from feedback.reports.statement import period_statement, redact_statement, render_statement
from feedback.reports.you_said_we_did import gather

DAY = dt.date(2025, 9, 9)
PHONE, POSTCODE, NAME = "07700 900123", "ML3 6AB", "Jane Smith"
IDENTIFIERS = (PHONE, POSTCODE, NAME, "jo@example.com")


def _seed(session: Session) -> None:
    activity = make_activity(
        session,
        title=f"Visit with {NAME}",
        venue=f"Flat 2, {POSTCODE}",
        start_date=DAY,
        outcomes=f"Ring {NAME} on {PHONE}",
    )
    session.add(
        Action(
            heard=f"{NAME} said the phones ring out ({PHONE})",
            will_do="E-mail jo@example.com weekly",
            we_did=f"Called {PHONE}",
            status="done",
            status_reason="",
            locality=activity.locality,
            activity_id=activity.id,
        )
    )
    session.commit()


def _clean(text: str) -> bool:
    return not any(identifier in text for identifier in IDENTIFIERS)


def test_the_statement_publishes_redacted_text(session: Session) -> None:
    _seed(session)
    statement = period_statement(session=session, start=DAY, end=DAY, k=10)
    assert all(_clean(f"{r.activity} {r.outcomes}") for r in statement.rows)
    assert "[PHONE]" in statement.rows[0].outcomes and "[NAME]" in statement.rows[0].activity
    for suffix in (".md", ".csv"):
        assert _clean(render_statement(statement, suffix).decode("utf-8-sig"))


def test_text_typed_into_the_statement_editor_is_redacted_too(session: Session) -> None:
    _seed(session)
    statement = period_statement(session=session, start=DAY, end=DAY, k=10)
    edited = dataclasses.replace(statement.rows[0], outcomes=f"Thanks to {NAME}, {PHONE}")
    published = redact_statement(dataclasses.replace(statement, rows=[edited]))
    assert _clean(published.rows[0].outcomes) and published.rows[0].outcomes.startswith("Thanks to [NAME]")
    assert _clean(render_statement(dataclasses.replace(statement, rows=[edited]), ".md").decode())


def test_you_said_we_did_publishes_redacted_actions(session: Session) -> None:
    _seed(session)
    today = dt.date.today()
    summary = gather(session=session, locality="hamilton_blantyre_larkhall", start=DAY, end=today, k=10)
    (action,) = summary.actions
    assert action.you_said.startswith("[NAME]") and "[PHONE]" in action.you_said
    assert _clean(you_said_we_did_to_markdown(summary))


def test_reviewer_exports_carry_redacted_text(session: Session) -> None:
    _seed(session)
    filters = ReviewFilter(start=DAY, end=dt.date.today())
    activities = activities_frame(session=session, filters=filters, k=10)
    actions = actions_frame(session=session, filters=filters)
    assert len(activities) == 1 and len(actions) == 1
    text = " ".join(str(v) for frame in (activities, actions) for v in frame.to_numpy().ravel())
    assert _clean(text) and "[POSTCODE]" in text
