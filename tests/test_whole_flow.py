"""One card and one kiosk answer from capture to the published statement and the exports, on both
databases; a safeguarding disclosure made beside them reaches none of the summaries or files."""

from __future__ import annotations

import datetime as dt
import io
import uuid

from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.exports import frame_to_csv_bytes
from feedback.capture.responses import SurveyResponse, save_survey_response
from feedback.capture.submissions import save_card
from feedback.filters import ReviewFilter
from feedback.fixtures import card, make_activity, survey
from feedback.models import Comment
from feedback.reports.exports import activities_frame, comments_frame
from feedback.reports.overview import compute_overview
from feedback.reports.statement import period_statement, render_statement

DAY = dt.date(2026, 5, 14)
LOCALITY = "clydesdale"
CARD = "The housing officer found me a flat before I got out, that made all the difference"
KIOSK = "Being able to drop in on a Friday without an appointment worked well for me"
DISCLOSURE = "Honestly I keep thinking about ending my life, I can't see a way out of this"


def _capture(session: Session) -> dict[str, Comment]:
    activity = make_activity(session, title="Clydesdale LISTEN event", locality=LOCALITY, start_date=DAY)
    texts = {"card": CARD, "disclosure": DISCLOSURE}
    stored = {
        name: save_card(session=session, card=card(activity.id, text=text), user_id=None)
        for name, text in texts.items()
    }
    stored["kiosk"] = save_survey_response(
        session=session,
        response=SurveyResponse(
            submission_id=str(uuid.uuid4()),
            survey_id=survey(session).id,
            locality=LOCALITY,
            answers={"worked_well": KIOSK, "overall": "1"},
            activity_id=activity.id,
        ),
    )
    for submission in stored.values():
        submission.created_at = dt.datetime.combine(DAY, dt.time(11), dt.UTC)
    session.commit()
    return {name: submission.comments[0] for name, submission in stored.items()}


def test_a_card_and_a_kiosk_answer_reach_every_output_and_a_disclosure_none(session: Session) -> None:
    comments = _capture(session)
    # Analysed when written: redacted text, sentiment and a safeguarding decision are stored.
    assert comments["disclosure"].safeguarding is True
    assert not comments["card"].safeguarding and not comments["kiosk"].safeguarding
    assert all(c.redacted_text and c.sentiment and c.analysis_version for c in comments.values())
    assert session.scalar(select(Comment.id).where(Comment.text == KIOSK)) == comments["kiosk"].id

    filters = ReviewFilter(start=dt.date(2026, 4, 1), end=dt.date(2027, 3, 31))
    overview = compute_overview(session=session, filters=filters)
    counted = overview.comments.set_index("locality")["comments"].to_dict()
    assert counted == {LOCALITY: 2}  # the card and the kiosk answer; not the disclosure
    assert int(overview.sentiment["comments"].sum()) == 2

    statement = period_statement(session=session, start=filters.start, end=filters.end)
    table = Document(io.BytesIO(render_statement(statement, ".docx"))).tables[-1]
    cells = " ".join(cell.text for row in table.rows for cell in row.cells)
    assert "Clydesdale LISTEN event" in cells and DISCLOSURE[:20] not in cells

    exported = comments_frame(session=session, filters=filters)
    assert sorted(exported["id"]) == sorted([comments["card"].id, comments["kiosk"].id])
    csv = frame_to_csv_bytes(exported).decode("utf-8")
    assert comments["card"].redacted_text[:30] in csv and "ending my life" not in csv
    activities = activities_frame(session=session, filters=filters, k=statement.k)
    assert list(activities["title"]) == ["Clydesdale LISTEN event"]
