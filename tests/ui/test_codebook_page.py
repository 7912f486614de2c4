"""AppTest: an admin edits the codebook; a bad pattern is refused by name; saving offers a re-score."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.db import transaction
from feedback.fixtures import make_comment
from feedback.models import Comment, Theme

PAGE = "ui/codebook.py"


def _theme(db: sessionmaker[Session], theme_id: str) -> Theme | None:
    with db() as session:
        return session.get(Theme, theme_id)


def test_admin_edits_phrases_then_rescores(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    with transaction(db) as session:
        comment_id = make_comment(session, text="I sleep in a bedsit", sentiment=None, themes=()).id
    at = open_page(PAGE, username="admin")
    assert not at.exception
    box = at.text_area(key="cb_phrases_housing")
    box.input(box.value + "\nbedsit")
    at.button(key="cb_save").click().run()
    assert not at.exception
    assert "bedsit" in _theme(db, "housing").phrases
    assert any("1 changed" in s.value for s in at.success)
    at.button(key="cb_rescore").click().run()
    assert not at.exception
    with db() as session:
        themes = {t.theme_id for t in session.get(Comment, comment_id).themes}
    assert "housing" in themes


@pytest.mark.parametrize(
    ("phrases", "words"),
    [("re:(unclosed", ["court_letters", "(unclosed"]), ("re:.*", ["court_letters", "matches empty text"])],
)
def test_a_bad_pattern_is_refused_by_name(
    db: sessionmaker[Session], open_page: Callable[..., AppTest], phrases: str, words: list[str]
) -> None:
    at = open_page(PAGE, username="admin")
    at.text_input(key="cb_new_name").input("Court letters")
    at.text_area(key="cb_new_phrases").input(phrases)
    at.button(key="cb_save").click().run()
    assert not at.exception
    message = at.error[0].value
    assert "not saved" in message and all(word in message for word in words)
    assert _theme(db, "court_letters") is None


def test_adding_a_theme_and_removing_it(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    at = open_page(PAGE, username="admin")
    at.text_input(key="cb_new_name").input("Court letters")
    at.text_area(key="cb_new_phrases").input("citation\ncourt letter")
    at.button(key="cb_save").click().run()
    assert _theme(db, "court_letters").phrases == ["citation", "court letter"]
    assert at.checkbox(key="cb_remove_court_letters") is not None
    with pytest.raises(KeyError):
        at.checkbox(key="cb_remove_housing")  # core themes cannot be removed
    at.checkbox(key="cb_remove_court_letters").check()
    at.button(key="cb_save").click().run()
    assert not at.exception
    assert _theme(db, "court_letters").active is False
