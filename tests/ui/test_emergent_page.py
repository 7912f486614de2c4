"""AppTest: an admin groups unthemed comments and turns a group into a codebook theme."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.db import transaction
from feedback.fixtures import make_comment
from feedback.models import Theme

PAGE = "ui/emergent.py"
TEXTS = [
    f"The food parcel {w} was welcome" for w in ("box", "bag", "delivery", "pickup", "voucher", "tin")
] + [
    f"Bus fare {w} too dear for the journey" for w in ("ticket", "card", "pass", "return", "single", "daily")
]


def test_admin_turns_a_group_into_a_theme(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    with transaction(db) as session:
        for text in TEXTS:
            make_comment(session, text=text, themes=())
        make_comment(session, text="Flagged secret disclosure food", themes=(), safeguarding=True)
    at = open_page(PAGE, username="admin")
    assert not at.exception
    at.number_input(key="em_n").set_value(2)
    at.button(key="em_run").click().run()
    assert not at.exception
    shown = [t.value for t in at.text]
    assert shown and all(t in TEXTS for t in shown)
    at.text_input(key="em_name_0").input("Food and fares")
    at.multiselect(key="em_phrases_0").set_value(list(at.multiselect(key="em_phrases_0").options[:2]))
    at.button(key="em_add_0").click().run()
    assert not at.exception
    with db() as session:
        theme = session.scalars(select(Theme).where(Theme.id == "food_and_fares")).one()
    assert theme.name == "Food and fares" and len(theme.phrases) == 2
    assert any("Added the theme" in s.value for s in at.success)
