"""The kiosk: one survey for a service user on a locked tablet, one question per screen."""

from __future__ import annotations

import html
import time

import streamlit as st

from analysis.params import MAX_TEXT_LENGTH
from feedback.capture import kiosk_devices as devices
from feedback.capture.lookups import get_survey
from feedback.capture.responses import SurveyResponse, submit_survey_response
from feedback.capture.surveys import Question, SurveyDefinition, parse_definition
from feedback.models import KioskDevice, Submission
from ui import kiosk_flow as flow
from ui.components import inject_kiosk_css, live_char_counters
from ui.forms import load, submit
from ui.help_panel import HELP_OPEN_KEY, need_help_button
from ui.kiosk_device import (
    KIOSK_PARAM,
    RESPONDENT_KEY,
    epoch,
    generation,
    persist,
    respondent,
    resume,
    watchdog,
)
from ui.kiosk_device import reset as reset_device
from ui.kiosk_end import HELP_WANTED_KEY, finished_screen
from ui.kiosk_exit import kiosk_closed, staff_exit
from ui.kiosk_language import language_of, language_picker, shows_pictures, word
from ui.kiosk_questions import answer_widget, read_answer
from ui.state import KIOSK_KEY, settings


def reset() -> None:
    """Start again for the next person (server-side answers-so-far included)."""
    st.session_state.pop(HELP_WANTED_KEY, None)
    st.session_state.pop(HELP_OPEN_KEY, None)
    reset_device(st.session_state[KIOSK_KEY])


def _times(definition: SurveyDefinition) -> flow.KioskTimes:
    """This survey's time-outs: its own settings, else the environment's."""
    env = settings()
    return flow.KioskTimes.for_survey(
        definition.kiosk_times,
        warn_after=env.kiosk_timeout_seconds,
        warning=env.kiosk_warning_seconds,
        receipt=env.receipt_seconds,
    )


def _definition(device: KioskDevice) -> SurveyDefinition:
    survey = load("open the survey", lambda s: get_survey(session=s, survey_id=device.survey_id))
    if survey is None:
        st.error("This survey is no longer available. Please ask a member of staff.")
        staff_exit(reset)
        st.stop()
    return parse_definition(survey.definition, source=survey.key)


def _privacy(definition: SurveyDefinition, resp: flow.Respondent, gen: int) -> None:
    lang = language_picker(definition, resp, gen)
    st.markdown(f"# {definition.setting_in('form_title', lang)}")
    notice = definition.setting_in("privacy_notice", lang)
    st.markdown(f'<div class="kiosk-text">{_html(notice)}</div>', unsafe_allow_html=True)
    st.markdown(f"### {word(lang, 'take_part')}")
    yes, no = st.columns(2)
    yes.button(
        word(lang, "yes"),
        key=flow.widget_key(gen, "yes"),
        type="primary",
        width="stretch",
        on_click=_on_start,
        args=(resp,),
    )
    no.button(
        word(lang, "no"), key=flow.widget_key(gen, "no"), width="stretch", on_click=_on_decline, args=(resp,)
    )


def _on_start(resp: flow.Respondent) -> None:
    flow.start(resp, time.time())


def _on_decline(resp: flow.Respondent) -> None:
    flow.go_to(resp, flow.DECLINED, time.time())


def _html(text: str) -> str:
    """Plain text as safe HTML paragraphs: a line that does not end a sentence runs on."""
    paragraphs: list[str] = []
    for line in (x.strip() for x in text.splitlines()):
        if not line:
            continue
        if paragraphs and not paragraphs[-1].endswith((".", "?", "!", ":")):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _on_next(resp: flow.Respondent, questions: tuple[Question, ...], gen: int) -> None:
    question = questions[resp.index]
    value = read_answer(question, gen, resp)
    error = flow.check_answer(question, value)
    if error:
        resp.error = error
        return
    flow.record(resp, question, value)
    flow.advance(resp, questions, time.time())


def _on_skip(resp: flow.Respondent, questions: tuple[Question, ...]) -> None:
    flow.record(resp, questions[resp.index], None)
    flow.advance(resp, questions, time.time())


def _on_back(resp: flow.Respondent, questions: tuple[Question, ...], gen: int) -> None:
    if resp.screen == flow.QUESTION:
        question = questions[resp.index]
        value = read_answer(question, gen, resp)
        if flow.check_answer(question, value) is None:
            flow.record(resp, question, value)
    flow.go_back(resp, questions, time.time())


def _question(questions: tuple[Question, ...], resp: flow.Respondent, gen: int) -> None:
    question, lang = questions[resp.index], language_of(resp, definition)
    st.caption(word(lang, "of", n=resp.index + 1, total=len(questions)))
    st.markdown(f"## {question.label_in(lang)}")
    if question.hint_in(lang):
        st.markdown(f'<div class="kiosk-hint">{_html(question.hint_in(lang))}</div>', unsafe_allow_html=True)
    answer_widget(question, gen, resp, lang, shows_pictures(definition, lang))
    if resp.error:
        st.error(resp.error)
    back, skip, nxt = st.columns(3)
    if resp.index > 0:
        back.button(
            word(lang, "back"),
            key=flow.widget_key(gen, "back", str(resp.index)),
            width="stretch",
            icon=":material/arrow_back:",
            on_click=_on_back,
            args=(resp, questions, gen),
        )
    if question.is_input and not question.required:
        skip.button(
            word(lang, "skip"),
            key=flow.widget_key(gen, "skip", str(resp.index)),
            width="stretch",
            on_click=_on_skip,
            args=(resp, questions),
        )
    nxt.button(
        word(lang, "next"),
        key=flow.widget_key(gen, "next", str(resp.index)),
        type="primary",
        width="stretch",
        icon=":material/arrow_forward:",
        icon_position="right",
        on_click=_on_next,
        args=(resp, questions, gen),
    )


def _submit(resp: flow.Respondent) -> None:
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
        language=language_of(resp, definition),
        staff_user_id=config.staff_user_id,  # a flag or a request for help reaches them
    )
    outcome = submit(
        "send your answers", lambda f: _receipt(submit_survey_response(factory=f, response=response))
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


def _receipt(stored: Submission) -> tuple[str, bool]:
    """The receipt code, and whether the respondent asked for help or wrote something flagged."""
    return stored.receipt_code or "", bool(
        stored.help_requested or any(c.safeguarding for c in stored.comments)
    )


def _quote(resp: flow.Respondent, questions: tuple[Question, ...], gen: int) -> None:
    st.markdown("## Can we use your words?")
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
        _submit(resp)
    if no.button("No, please don't", key=flow.widget_key(gen, "quote_no"), width="stretch"):
        resp.quote_permission = False
        _submit(resp)
    if resp.error:
        st.error(resp.error)
    if resp.failed_submit and resp.quote_permission is not None:
        st.warning("Your answers are still here. Tap Try again, or ask a member of staff.")
        if st.button("Try again", key=flow.widget_key(gen, "retry"), type="primary", width="stretch"):
            resp.failed_submit = False
            _submit(resp)
    st.button(
        "Back",
        key=flow.widget_key(gen, "back_quote"),
        icon=":material/arrow_back:",
        on_click=_on_back,
        args=(resp, questions, gen),
    )


inject_kiosk_css()
token = st.session_state[KIOSK_KEY]
device = load("open the kiosk", lambda s: devices.get_device(session=s, token=token))
if device is None:
    kiosk_closed()
    st.stop()
if st.query_params.get(KIOSK_PARAM) != token:
    st.query_params[KIOSK_PARAM] = token
definition = _definition(device)
questions = definition.questions
times = _times(definition)
if RESPONDENT_KEY not in st.session_state:
    resume(token, device, times)
resp = respondent()
gen = generation()
persist(token, resp, questions)
if resp.screen not in (flow.THANKS, flow.DECLINED):
    need_help_button(device.locality, key=flow.widget_key(gen, "need_help"))

if resp.screen == flow.PRIVACY:
    _privacy(definition, resp, gen)
elif resp.screen == flow.QUESTION:
    _question(questions, resp, gen)
elif resp.screen == flow.QUOTE:
    _quote(resp, questions, gen)
else:
    screen_at = epoch(device.screen_at) if device.screen == resp.screen else time.time()
    finished_screen(
        resp,
        gen,
        flow.seconds_left(resp, now=time.time(), warned_at=None, screen_at=screen_at, times=times),
        device.locality,
        reset,
    )
live_char_counters({"*": MAX_TEXT_LENGTH})
watchdog(token, times)
staff_exit(reset)
