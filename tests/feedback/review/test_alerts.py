"""Alerts: raised on save for a flagged comment or a request for help, routed to the right people."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.access import NotAllowedError, Viewer
from feedback.capture.rescore import rescore_all
from feedback.capture.responses import SurveyResponse, save_survey_response
from feedback.capture.submissions import save_card
from feedback.fixtures import ADMIN, CLYDESDALE, HAMILTON, card, lead, make_activity, make_user, survey
from feedback.models import AuditEvent, Comment, SafeguardingAlert
from feedback.review.alerts import count_open_alerts, help_labels, list_alerts, review_alert
from feedback.review.first_read import clear_flag, flag_comment

DISCLOSURE = "My partner hits me when he has been drinking and I am scared to go home"


def _people(session: Session) -> dict[str, Viewer]:
    made = {
        "recorder": make_user(session, username="rec"),
        "kiosk": make_user(session, username="kio"),
        "other": make_user(session, username="oth"),
        "lead": make_user(session, username="ham.lead", role="locality_lead", locality=HAMILTON, pin="2222"),
        "far": make_user(session, username="cly.lead", role="locality_lead", locality=CLYDESDALE, pin="2222"),
    }
    return {k: Viewer(user_id=u.id, role=u.role, locality=u.locality) for k, u in made.items()}


def test_a_flagged_card_alerts_its_recorder_and_the_locality_leads_only(session: Session) -> None:
    people = _people(session)
    activity = make_activity(session, locality=HAMILTON)
    save_card(session=session, card=card(activity.id, text=DISCLOSURE), user_id=people["recorder"].user_id)
    session.commit()
    counts = {name: count_open_alerts(session=session, viewer=v) for name, v in people.items()}
    assert counts == {"recorder": 1, "kiosk": 0, "other": 0, "lead": 1, "far": 0}
    assert count_open_alerts(session=session, viewer=ADMIN) == 1
    (row,) = list_alerts(session=session, viewer=people["lead"])
    assert (row.reason, row.locality, row.activity) == ("flag", HAMILTON, "LISTEN event, Hamilton")
    assert "scared" in (row.redacted_text or "") and row.raised_at is not None


def test_a_kiosk_request_for_help_routes_like_a_flag(session: Session) -> None:
    people = _people(session)
    hub = survey(session, "womens_hub_checkin")
    response = SurveyResponse(
        submission_id=str(uuid.uuid4()),
        survey_id=hub.id,
        locality=CLYDESDALE,
        answers={"feeling": "2", "support_wanted": ["safety", "money"]},
        staff_user_id=people["kiosk"].user_id,
    )
    stored = save_survey_response(session=session, response=response)
    session.commit()
    assert stored.help_requested
    (row,) = list_alerts(session=session, viewer=people["kiosk"])
    assert row.reason == "help" and row.receipt_code == stored.receipt_code
    assert set(row.asked_for) == {"Feeling safe", "Money and benefits"}
    assert count_open_alerts(session=session, viewer=people["far"]) == 1
    assert count_open_alerts(session=session, viewer=people["lead"]) == 0
    assert count_open_alerts(session=session, viewer=people["other"]) == 0


def test_a_review_records_the_outcome_from_the_fixed_list(session: Session) -> None:
    people = _people(session)
    activity = make_activity(session, locality=HAMILTON)
    save_card(session=session, card=card(activity.id, text=DISCLOSURE), user_id=people["recorder"].user_id)
    alert_id = session.scalar(select(SafeguardingAlert.id))
    with pytest.raises(Exception, match="Name the service"):
        review_alert(session=session, alert_id=alert_id, viewer=people["lead"], outcome="referred")
    with pytest.raises(NotAllowedError):
        review_alert(session=session, alert_id=alert_id, viewer=people["far"], outcome="spoke_to_person")
    review_alert(
        session=session,
        alert_id=alert_id,
        viewer=people["lead"],
        outcome="referred",
        referred_to="Women's Aid",
    )
    session.commit()
    stored = session.get(SafeguardingAlert, alert_id)
    assert (stored.outcome, stored.referred_to, stored.reviewed_by) == (
        "referred",
        "Women's Aid",
        people["lead"].user_id,
    )
    assert count_open_alerts(session=session, viewer=people["recorder"]) == 0
    events = session.scalars(select(AuditEvent.event).where(AuditEvent.object_type == "alert")).all()
    assert "alert.review" in events and "alert.flag" in events


def test_a_persons_flag_survives_a_rescore_and_a_detector_flag_awaits_a_person(
    session: Session, factory
) -> None:
    people = _people(session)
    activity = make_activity(session, locality=HAMILTON)
    quiet = save_card(
        session=session, card=card(activity.id, text="The hall was cold but staff were kind"), user_id=None
    )
    loud = save_card(session=session, card=card(activity.id, text=DISCLOSURE), user_id=None)
    flag_comment(session=session, comment_id=quiet.comments[0].id, viewer=people["lead"])
    session.commit()
    rescore_all(factory=factory)
    with factory() as fresh:
        assert fresh.get(Comment, quiet.comments[0].id).safeguarding is True
        assert fresh.get(Comment, loud.comments[0].id).safeguarding is True
    clear_flag(
        session=session, comment_id=loud.comments[0].id, viewer=people["lead"], reason="A quote from a film"
    )
    session.commit()
    rescore_all(factory=factory)
    with factory() as fresh:
        assert fresh.get(Comment, loud.comments[0].id).safeguarding is False  # the person's decision stands
        alerts = fresh.scalars(
            select(SafeguardingAlert).where(SafeguardingAlert.comment_id == loud.comments[0].id)
        )
        assert [a.outcome for a in alerts] == ["no_action"]


def test_help_labels_reads_only_choices_that_ask_for_help() -> None:
    definition = {
        "survey": [
            {"type": "select_multiple support", "name": "wanted"},
            {"type": "select_one x", "name": "other"},
        ],
        "choices": [
            {"list_name": "support", "name": "safety", "label": "Feeling safe", "asks_help": "yes"},
            {"list_name": "support", "name": "none", "label": "Nothing"},
            {"list_name": "x", "name": "safety", "label": "Not help"},
        ],
    }
    assert help_labels(definition, {"wanted": "safety none", "other": "safety"}) == ("Feeling safe",)
    assert help_labels(definition, {"wanted": "none"}) == ()


def test_reviewers_receive_no_alerts(session: Session) -> None:
    with pytest.raises(NotAllowedError):
        list_alerts(session=session, viewer=Viewer(user_id=None, role="reviewer"))
    assert lead().may("receive_alerts")
