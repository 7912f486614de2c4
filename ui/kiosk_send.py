"""The kiosk's last steps before the receipt: the permission-to-quote question, then sending."""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from feedback.capture import kiosk_devices as devices
from feedback.capture import responses
from feedback.capture.responses import SurveyResponse
from feedback.capture.surveys import Question
from feedback.models import Submission
from ui import kiosk_flow as flow
from ui.forms import load, submit
from ui.kiosk_device import persist, respondent
from ui.kiosk_end import HELP_WANTED_KEY
from ui.state import KIOSK_KEY

Back = Callable[[flow.Respondent, tuple[Question, ...], int], None]


def _receipt(stored: Submission) -> tuple[str, bool]:
    """The receipt code, and whether the respondent asked for help or wrote something flagged."""
    return stored.receipt_code or "", bool(
        stored.help_requested or any(c.safeguarding for c in stored.comments)
    )


def send(resp: flow.Respondent, reset: Callable[[], None], language: str) -> None:
    """Store the answers; on success only the receipt stays, here and on the server."""
    config = load(
        "open the kiosk", lambda s: devices.get_device(session=s, token=st.session_state[KIOSK_KEY])
    )
    if config is None:
        st.rerun()
    response = SurveyResponse(
        submission_id=resp.submission_id,
        survey_id=config.survey_id,
        locality=config.locality,
        answers=dict(resp.answers),
        activity_id=config.activity_id,
        quote_permission=bool(resp.quote_permission),
        language=language,
        staff_user_id=config.staff_user_id,  # a flag or a request for help reaches them
    )
    outcome = submit(
        "send your answers",
        lambda f: _receipt(responses.submit_survey_response(factory=f, response=response)),
    )
    if outcome.database_failed:
        resp.failed_submit = True
        return
    if outcome.errors:
        resp.error = " ".join(outcome.errors.values())
        return
    receipt, wants_help = outcome.value
    reset()  # nothing of the answers stays, here or on the server; only the receipt is shown
    st.session_state[HELP_WANTED_KEY] = wants_help
    fresh = respondent()
    fresh.receipt = receipt
    flow.go_to(fresh, flow.THANKS, time.time())
    persist(st.session_state[KIOSK_KEY], fresh, ())
    st.rerun()


def _problems(resp: flow.Respondent, gen: int, reset: Callable[[], None], language: str) -> None:
    """What went wrong while sending, and a way to try again that keeps every answer."""
    if resp.error:
        st.error(resp.error)
    if resp.failed_submit and resp.quote_permission is not None:
        st.warning("Your answers are still here. Tap Try again, or ask a member of staff.")
        if st.button("Try again", key=flow.widget_key(gen, "retry"), type="primary", width="stretch"):
            resp.failed_submit = False
            send(resp, reset, language)


def quote_screen(
    resp: flow.Respondent,
    questions: tuple[Question, ...],
    gen: int,
    reset: Callable[[], None],
    back: Back,
    *,
    language: str,
) -> None:
    """Ask whether we may quote what they wrote (shown only after a written answer), then send."""
    st.markdown("# Can we use your words?")
    st.markdown(
        '<div class="kiosk-text"><p>We may quote what you wrote in reports, to help improve services. '
        "We would never use your name.</p></div>",
        unsafe_allow_html=True,
    )
    yes, no = st.columns(2)
    if yes.button(
        "Yes, you can use my words", key=flow.widget_key(gen, "quote_yes"), type="primary", width="stretch"
    ):
        resp.quote_permission = True
        send(resp, reset, language)
    if no.button("No, please don't", key=flow.widget_key(gen, "quote_no"), width="stretch"):
        resp.quote_permission = False
        send(resp, reset, language)
    _problems(resp, gen, reset, language)
    st.button(
        "Back",
        key=flow.widget_key(gen, "back_quote"),
        icon=":material/arrow_back:",
        on_click=back,
        args=(resp, questions, gen),
    )


def send_screen(
    resp: flow.Respondent,
    questions: tuple[Question, ...],
    gen: int,
    reset: Callable[[], None],
    back: Back,
    *,
    language: str,
) -> None:
    """Answers with nothing written: send them at once (no quote question); on a failure, try again."""
    if not resp.failed_submit and not resp.error:
        send(resp, reset, language)
    st.markdown("# Sending your answers")
    _problems(resp, gen, reset, language)
    st.button(
        "Back",
        key=flow.widget_key(gen, "back_send"),
        icon=":material/arrow_back:",
        on_click=back,
        args=(resp, questions, gen),
    )
