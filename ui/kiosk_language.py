"""The kiosk in the respondent's language: the choice on the first screen, the kiosk's own words, pictures."""

from __future__ import annotations

import html

import streamlit as st

from feedback.capture.surveys import Choice, SurveyDefinition
from ui import kiosk_flow as flow

LANGUAGE_DRAFT = "_language"  # kept with the drafts, so a reload keeps the language chosen
# The kiosk's own words; a language not listed here uses English for them.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "choose": "Choose your language",
        "take_part": "Would you like to take part?",
        "yes": "Yes, I'll take part",
        "no": "No thanks",
        "back": "Back",
        "skip": "Skip",
        "next": "Next",
        "of": "Question {n} of {total}",
        "type_here": "Type your answer here, or tap Skip.",
        "chose": "You chose",
    },
    "en-easy": {
        "choose": "Choose how to read this",
        "take_part": "Do you want to answer some questions?",
        "yes": "Yes",
        "no": "No",
        "back": "Back",
        "skip": "Skip",
        "next": "Next",
        "of": "Question {n} of {total}",
        "type_here": "Write here. Or tap Skip.",
        "chose": "You picked",
    },
    "pl": {
        "choose": "Wybierz język",
        "take_part": "Czy chcesz wziąć udział?",
        "yes": "Tak, wezmę udział",
        "no": "Nie, dziękuję",
        "back": "Wstecz",
        "skip": "Pomiń",
        "next": "Dalej",
        "of": "Pytanie {n} z {total}",
        "type_here": "Wpisz tutaj swoją odpowiedź lub dotknij Pomiń.",
        "chose": "Wybrano",
    },
}


def word(language: str, key: str, **values: object) -> str:
    """One of the kiosk's own words in a language (English when there is no translation)."""
    return WORDS.get(language, WORDS["en"]).get(key, WORDS["en"][key]).format(**values)


def language_of(resp: flow.Respondent, definition: SurveyDefinition) -> str:
    """The language the respondent chose, else the survey's default."""
    chosen = resp.drafts.get(LANGUAGE_DRAFT, "")
    return chosen if chosen in definition.languages else definition.languages[0]


def _choose(resp: flow.Respondent, language: str) -> None:
    resp.drafts[LANGUAGE_DRAFT] = language


def language_picker(definition: SurveyDefinition, resp: flow.Respondent, gen: int) -> str:
    """On the first screen: one button per language (when there are several); returns the language."""
    language = language_of(resp, definition)
    if len(definition.languages) > 1:
        st.markdown(f"**{html.escape(word(language, 'choose'))}**")
        columns = st.columns(len(definition.languages))
        for column, code in zip(columns, definition.languages, strict=True):
            name = (definition.raw.get("settings") or {}).get(f"language_name::{code}") or code
            column.button(
                str(name),
                key=flow.widget_key(gen, "lang", code),
                type="primary" if code == language else "secondary",
                width="stretch",
                on_click=_choose,
                args=(resp, code),
            )
    return language


def shows_pictures(definition: SurveyDefinition, language: str) -> bool:
    """True when this language version shows the choices' pictures (settings picture_languages)."""
    wanted = str((definition.raw.get("settings") or {}).get("picture_languages") or "").split()
    return language in wanted


def picture_html(choice: Choice, language: str) -> str:
    """A choice's picture (an emoji) with its alt text for screen readers."""
    alt = choice.picture_alt or choice.label_in(language)
    return (
        f'<span class="kiosk-picture" role="img" aria-label="{html.escape(alt, quote=True)}">'
        f"{html.escape(choice.picture)}</span>"
    )
