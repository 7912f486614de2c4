"""The kiosk's state on the server: find the device token, resume, keep progress, reset, time out.

A reload, a dropped connection or a browser Back starts a new browser session; the device token
(in the URL and a cookie) finds the kiosk again, and the respondent returns to the question they
were on, or to the start when they have surely gone. Time-outs follow the GOV.UK pattern: any
input counts as activity, and a warning with a countdown and an "I'm still here" button comes
before any reset.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import partial

import streamlit as st

from feedback.capture import kiosk_devices as devices
from feedback.dates import aware
from feedback.models import KioskDevice
from ui import kiosk_flow as flow
from ui.browser import KIOSK_COOKIE, SESSION_COOKIE, cookie, countdown, last_ping, link
from ui.forms import attempt, load
from ui.kiosk_questions import read_answer
from ui.state import KIOSK_KEY

KIOSK_PARAM = "kiosk"
RESPONDENT_KEY = "kiosk_respondent"
GENERATION_KEY = "kiosk_generation"
SPENT_KEY = "spent_kiosk_token"
LINK_KEY = "kiosk_link"
KEEP = (KIOSK_KEY, GENERATION_KEY, SPENT_KEY, LINK_KEY)
WATCH_SECONDS = 2
PING_SECONDS = 5


def epoch(moment: dt.datetime | None) -> float | None:
    """A stored time as seconds since the epoch."""
    moment = aware(moment)
    return moment.timestamp() if moment is not None else None


def find_kiosk_token() -> str:
    """This browser's kiosk token: this session's, else the URL's or the cookie's if it still opens one."""
    token = st.session_state.get(KIOSK_KEY)
    if isinstance(token, str) and token:
        return token
    spent = st.session_state.get(SPENT_KEY)
    for candidate in (st.query_params.get(KIOSK_PARAM, ""), cookie(KIOSK_COOKIE)):
        if not candidate or candidate == spent:
            continue
        if load("open the kiosk", lambda s, c=candidate: devices.get_device(session=s, token=c)) is not None:
            st.session_state[KIOSK_KEY] = candidate
            return candidate
        st.session_state[SPENT_KEY] = candidate
    if KIOSK_PARAM in st.query_params:
        del st.query_params[KIOSK_PARAM]
    return ""


def generation() -> int:
    """The respondent counter that is part of every widget key."""
    return st.session_state.setdefault(GENERATION_KEY, 0)


def respondent() -> flow.Respondent:
    """This kiosk's current respondent (a fresh one after a reset)."""
    if RESPONDENT_KEY not in st.session_state:
        st.session_state[RESPONDENT_KEY] = flow.new_respondent(time.time())
    return st.session_state[RESPONDENT_KEY]


def resume(token: str, device: KioskDevice, times: flow.KioskTimes) -> None:
    """A new browser session on a kiosk: back to the respondent's place, or the start if they left."""
    now = time.time()
    resp = flow.new_respondent(now)
    resp.screen, resp.index = device.screen, device.question_index
    resp.answers, resp.drafts = dict(device.answers or {}), dict(device.drafts or {})
    resp.submission_id, resp.receipt = device.submission_id or "", device.receipt_code
    st.session_state[GENERATION_KEY] = device.generation
    gone = flow.abandoned(
        resp,
        now=now,
        last_activity=epoch(device.last_activity),
        screen_at=epoch(device.screen_at),
        times=times,
    )
    if gone:
        reset(token)
    else:
        st.session_state[RESPONDENT_KEY] = resp


def _picked(resp: flow.Respondent, questions: tuple, gen: int) -> tuple[str, object] | None:
    """A choice tapped on the current question but not yet sent with Next, so a reload keeps it too."""
    if resp.screen != flow.QUESTION or resp.index >= len(questions):
        return None
    question = questions[resp.index]
    if question.kind == "select_one":
        keys = [flow.widget_key(gen, "q", question.name)]
    elif question.kind == "select_multiple":
        keys = [flow.widget_key(gen, "q", question.name, c.name) for c in question.choices]
    else:
        return None  # text is kept as a draft; a face is an answer as soon as it is tapped
    if not any(key in st.session_state for key in keys):
        return None  # not drawn yet on this screen: nothing was picked
    return question.name, read_answer(question, gen, resp)


def _progress(resp: flow.Respondent, questions: tuple, gen: int) -> devices.Progress:
    """The respondent's place; the text typed in the current question's box counts as a draft."""
    drafts: dict[str, str] = {}
    if resp.screen == flow.QUESTION and resp.index < len(questions) and questions[resp.index].kind == "text":
        name = questions[resp.index].name
        typed = st.session_state.get(flow.widget_key(gen, "q", name), resp.drafts.get(name))
        if typed:
            drafts[name] = str(typed)
    answers = dict(resp.answers)
    picked = _picked(resp, questions, gen)
    if picked is not None:
        name, value = picked
        if value in (None, []):
            answers.pop(name, None)
        else:
            answers[name] = value
    return devices.Progress(
        screen=resp.screen,
        question_index=resp.index,
        answers=answers,
        drafts=drafts,
        submission_id=resp.submission_id or None,
        receipt_code=resp.receipt,
    )


def persist(token: str, resp: flow.Respondent, questions: tuple) -> None:
    """Keep the respondent's place and answers-so-far on the server (a tap counts as activity)."""
    progress = _progress(resp, questions, generation())
    attempt("keep your place", lambda s: devices.save_progress(session=s, token=token, progress=progress))


def reset(token: str) -> None:
    """Start again for the next person: the answers-so-far on the server and in this session go."""
    outcome = attempt("start again", lambda s: devices.reset_device(session=s, token=token))
    device = outcome.value
    nxt = device.generation if device is not None else generation() + 1
    for key in flow.keys_to_forget(list(st.session_state.keys()), KEEP):
        del st.session_state[key]
    st.session_state[GENERATION_KEY] = nxt


def _on_ping(token: str, gen: int) -> None:
    """Someone typed, tapped or scrolled: the idle clock starts again; typed text is kept as a draft."""
    prefix = flow.widget_key(gen, "q", "")
    typed = last_ping(LINK_KEY).get("drafts") or {}
    drafts = {k[len(prefix) :]: v for k, v in typed.items() if k.startswith(prefix) and isinstance(v, str)}
    attempt("note that you are here", lambda s: devices.touch(session=s, token=token, drafts=drafts))


def _still_here(token: str) -> None:
    attempt("carry on", lambda s: devices.touch(session=s, token=token))


def _warning(token: str, left: int) -> None:
    """The GOV.UK-style time-out warning: what will happen, a countdown, and the way to carry on."""
    with st.container(key="kiosk_idle_warning"):
        st.html(
            '<div class="feedback-idle-warning" role="alertdialog" aria-live="assertive">'
            "<h2>Are you still there?</h2>"
            f"<p>The survey will start again in {countdown(left)}, and your answers will be cleared.</p>"
            "<p>To carry on, tap the button.</p></div>"
        )
        st.button(
            "I'm still here",
            key="kiosk_still_here",
            type="primary",
            width="stretch",
            on_click=_still_here,
            args=(token,),
        )


@st.fragment(run_every=WATCH_SECONDS)
def watchdog(token: str, times: flow.KioskTimes) -> None:
    """Report activity, warn before a time-out, and start again for the next person when it is up."""
    gen = generation()
    link(
        LINK_KEY,
        cookies={KIOSK_COOKIE: token, SESSION_COOKIE: ""},
        ping_seconds=PING_SECONDS,
        drafts=(flow.widget_key(gen, "q", ""),),
        on_ping=partial(_on_ping, token, gen),
    )
    device = load("check the kiosk", lambda s: devices.get_device(session=s, token=token))
    if device is None:
        st.rerun(scope="app")
    resp, now = respondent(), time.time()
    warned = epoch(device.warned_at)
    step = flow.timeout_step(
        resp,
        now=now,
        last_activity=epoch(device.last_activity),
        warned_at=warned,
        screen_at=epoch(device.screen_at),
        times=times,
    )
    if step == flow.RESET:
        reset(token)
        st.rerun(scope="app")
    if step == flow.WARN:
        if warned is None:
            warned = (
                epoch(attempt("warn", lambda s: devices.mark_warned(session=s, token=token)).value) or now
            )
        _warning(token, flow.seconds_left(resp, now=now, warned_at=warned, screen_at=now, times=times))
