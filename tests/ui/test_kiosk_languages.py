"""AppTest: the kiosk offers its languages first, asks in the chosen one, and stores which was used."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.models import Submission
from tests.ui.test_kiosk import tap, widget

WORDS = {  # language -> (first question, the Next button, a choice label)
    "en": ("Which of these best describes you?", "Next", "I am a family member of someone with a conviction"),
    "en-easy": ("Who are you?", "Next", "Someone in my family has a conviction"),
    "pl": ("Co najlepiej Cię opisuje?", "Dalej", "Jestem członkiem rodziny osoby skazanej"),
}


@pytest.mark.parametrize("language", list(WORDS))
def test_the_chosen_language_is_used_and_stored(
    kiosk: AppTest, db: sessionmaker[Session], language: str
) -> None:
    assert [b.label for b in kiosk.button if b.key.endswith(("_lang_en", "_lang_en-easy", "_lang_pl"))] == [
        "English",
        "Easy Read",
        "Polski (Polish)",
    ]
    tap(kiosk, "lang", language)
    tap(kiosk, "yes")
    question, next_word, family = WORDS[language]
    assert any(question in m.value for m in kiosk.markdown)
    gen = kiosk.session_state["kiosk_generation"]
    if language == "en-easy":  # picture-supported choices: big buttons under pictures with alt text
        assert any('role="img" aria-label="A family"' in m.value for m in kiosk.markdown)
        kiosk.button(key=f"kq_{gen}_q_stakeholder_group_families").click().run()
        assert kiosk.button(key=f"kq_{gen}_q_stakeholder_group_families").label == family
    else:
        radio = widget(kiosk, "radio", "stakeholder_group")
        assert radio.format_func("families") == family
        radio.set_value("families")
    assert kiosk.button(key=f"kq_{gen}_next_0").label == next_word
    tap(kiosk, "next", "0")
    for index in range(1, 11):
        tap(kiosk, "next" if index == 6 else "skip", str(index))
    assert not kiosk.exception
    with db() as session:
        stored = session.scalars(select(Submission)).one()
    assert (stored.language, stored.stakeholder_group) == (language, "families")


def test_staff_see_that_the_polish_translation_needs_checking(open_page: Callable[..., AppTest], db) -> None:
    at = open_page("ui/kiosk_start.py")
    at.selectbox(key="ks_survey").set_value(_yvc_id(db)).run()
    assert any("fluent Polish speaker" in w.value and w.value.startswith("Polski") for w in at.warning)


def _yvc_id(db: sessionmaker[Session]) -> int:
    from feedback.models import Survey

    with db() as session:
        return session.scalars(
            select(Survey.id).where(Survey.key == "your_view_counts", Survey.active.is_(True))
        ).one()
