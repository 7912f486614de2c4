"""The kiosk: one survey for a service user on a locked tablet, one question per screen."""

from __future__ import annotations

import html
import time

import streamlit as st

from analysis.params import MAX_TEXT_LENGTH
from feedback.capture import kiosk_devices as devices
from feedback.capture.lookups import get_survey
from feedback.capture.surveys import Question, SurveyDefinition, parse_definition
from feedback.models import KioskDevice
from ui import kiosk_flow as flow
from ui.components import inject_kiosk_css, live_char_counters
from ui.forms import load
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
from ui.kiosk_send import quote_screen, send_screen
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
    st.markdown(f"## {word(lang, 'take_part')}")
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
    number = flow.question_number(questions, resp.index)
    if number is not None:  # a note is not a question
        progress = html.escape(word(lang, "of", n=number[0], total=number[1]))
        st.markdown(f'<p class="kiosk-progress">{progress}</p>', unsafe_allow_html=True)
    st.markdown(f"# {question.label_in(lang)}")
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
if resp.screen not in (flow.THANKS, *flow.CLOSING):
    need_help_button(device.locality, key=flow.widget_key(gen, "need_help"))

if resp.screen == flow.PRIVACY:
    _privacy(definition, resp, gen)
elif resp.screen == flow.QUESTION:
    _question(questions, resp, gen)
elif resp.screen == flow.QUOTE:
    quote_screen(resp, questions, gen, reset, _on_back, language=language_of(resp, definition))
elif resp.screen == flow.SEND:
    send_screen(resp, questions, gen, reset, _on_back, language=language_of(resp, definition))
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
