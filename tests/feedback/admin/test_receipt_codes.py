"""Receipt codes are accepted back however they are typed: any case, with or without the dash."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from feedback.access import Viewer
from feedback.admin.erasure import find_submission
from feedback.admin.retention import normalise_receipt_code
from feedback.capture.responses import SurveyResponse, save_survey_response
from feedback.capture.submissions import new_receipt_code
from feedback.fixtures import survey
from feedback.models import new_uuid


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("K7MQ-2QPX", "K7MQ-2QPX"),
        ("k7mq-2qpx", "K7MQ-2QPX"),
        ("K7MQ2QPX", "K7MQ-2QPX"),
        ("  k7mq 2qpx ", "K7MQ-2QPX"),
        ("K 7 M Q - 2 Q P X", "K7MQ-2QPX"),
        ("K7MQ–2QPX", "K7MQ-2QPX"),  # an en dash, as phones type it
        ("k7m-2qp", "K7M-2QP"),
        ("", ""),
        ("K7MQ-2QP", "K7MQ2QP"),  # the wrong length is left to match nothing
    ],
)
def test_normalise_receipt_code(typed: str, stored: str) -> None:
    assert normalise_receipt_code(typed) == stored


def test_every_new_code_is_already_in_its_stored_form() -> None:
    codes = [new_receipt_code() for _ in range(200)]
    assert all(normalise_receipt_code(c) == c for c in codes)


@pytest.mark.parametrize("typing", [str.lower, lambda c: c.replace("-", ""), lambda c: " ".join(c)])
def test_a_response_is_found_by_its_code_however_it_is_typed(session: Session, typing: object) -> None:
    response = SurveyResponse(
        submission_id=new_uuid(),
        survey_id=survey(session).id,
        locality="clydesdale",
        answers={"overall": "2"},
    )
    stored = save_survey_response(session=session, response=response)
    session.commit()
    admin = Viewer(user_id=None, role="admin")
    match = find_submission(session=session, viewer=admin, receipt_code=typing(stored.receipt_code))
    assert match is not None and match.submission_id == stored.id
