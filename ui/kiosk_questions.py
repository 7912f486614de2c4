"""The kiosk's answer widgets, one per question type, keyed per respondent."""

from __future__ import annotations

import streamlit as st

from feedback.capture.surveys import Question
from ui import kiosk_flow as flow
from ui.kiosk_language import picture_html, word


def _remember(key: str, value: object) -> None:
    """Show a stored answer again when the respondent comes back to a question."""
    if key not in st.session_state and value is not None:
        st.session_state[key] = value


def _choose_face(resp: flow.Respondent, question: Question, choice: str) -> None:
    resp.answers[question.name] = choice
    resp.error = None


def _faces(question: Question, gen: int, resp: flow.Respondent, lang: str = "en") -> None:
    """A five-point face scale (plus don't know) as big buttons with emoji and words."""
    chosen = resp.answers.get(question.name)
    columns = st.columns(2)
    for i, choice in enumerate(question.choices):
        columns[i % 2].button(
            f"{flow.face(choice.name, i)}  {choice.label_in(lang)}",
            key=flow.widget_key(gen, "face", question.name, choice.name),
            type="primary" if chosen == choice.name else "secondary",
            width="stretch",
            wrap=True,
            on_click=_choose_face,
            args=(resp, question, choice.name),
        )
    if chosen is not None:
        label = next((c.label_in(lang) for c in question.choices if c.name == chosen), chosen)
        st.markdown(f"{word(lang, 'chose')}: **{label}**")


def _pick(key: str, name: str) -> None:
    st.session_state[key] = name


def _picture_choices(question: Question, key: str, lang: str) -> None:
    """A choice list as big buttons, each under its picture (with alt text); one may be chosen."""
    chosen = st.session_state.get(key)
    columns = st.columns(2)
    for i, choice in enumerate(question.choices):
        column = columns[i % 2]
        if choice.picture:
            column.markdown(picture_html(choice, lang), unsafe_allow_html=True)
        column.button(
            choice.label_in(lang),
            key=f"{key}_{choice.name}",
            type="primary" if chosen == choice.name else "secondary",
            width="stretch",
            on_click=_pick,
            args=(key, choice.name),
        )


def answer_widget(
    question: Question, gen: int, resp: flow.Respondent, lang: str = "en", pictures: bool = False
) -> None:
    """Draw the widget for a question in a language, showing the respondent's earlier answer if any."""
    key = flow.widget_key(gen, "q", question.name)
    stored = resp.answers.get(question.name)
    labels = {c.name: c.label_in(lang) for c in question.choices}
    pictures = pictures and any(c.picture for c in question.choices)
    if question.kind == "text":
        _remember(key, stored if stored is not None else resp.drafts.get(question.name))
        st.text_area(
            question.label_in(lang),
            key=key,
            height=220,
            label_visibility="collapsed",
            placeholder=word(lang, "type_here"),
        )
    elif question.kind == "select_one" and pictures:
        _remember(key, stored)
        _picture_choices(question, key, lang)
    elif question.kind == "select_one":
        _remember(key, stored)
        st.radio(
            question.label_in(lang),
            list(labels),
            format_func=labels.get,
            index=None,
            key=key,
            label_visibility="collapsed",
        )
    elif question.kind == "select_multiple":
        picked = set(stored or ())
        for choice in question.choices:
            choice_key = flow.widget_key(gen, "q", question.name, choice.name)
            _remember(choice_key, choice.name in picked)
            if pictures and choice.picture:
                st.markdown(picture_html(choice, lang), unsafe_allow_html=True)
            st.checkbox(labels[choice.name], key=choice_key)
    elif question.kind == "rating":
        _faces(question, gen, resp, lang)
    elif question.kind == "integer":
        _remember(key, int(float(str(stored))) if stored not in (None, "") else None)
        st.number_input(question.label, key=key, value=None, step=1, label_visibility="collapsed")


def read_answer(question: Question, gen: int, resp: flow.Respondent) -> object:
    """The answer now shown on screen for a question (None when nothing is chosen)."""
    key = flow.widget_key(gen, "q", question.name)
    if question.kind in ("text", "select_one"):
        return st.session_state.get(key)
    if question.kind == "select_multiple":
        return [
            c.name
            for c in question.choices
            if st.session_state.get(flow.widget_key(gen, "q", question.name, c.name))
        ]
    if question.kind == "rating":
        return resp.answers.get(question.name)
    if question.kind == "integer":
        value = st.session_state.get(key)
        return None if value is None else str(int(value))
    return None
