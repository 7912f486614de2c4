"""Codebook edits on both databases: validated, stored, core themes kept, changes re-score."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.access import NotAllowedError, Viewer
from feedback.admin.codebook import add_theme, new_theme_record, save_codebook, slug, theme_records
from feedback.fixtures import ADMIN, lead
from feedback.models import Theme
from feedback.validation import ValidationError


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Court letters", "court_letters"),
        ("  Food & fuel!  ", "food_fuel"),
        ("2nd chances", "theme_2nd_chances"),
        ("", "theme"),
        ("Ünïcode words", "n_code_words"),
        ("x" * 60, "x" * 40),
    ],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_new_theme_record_gets_a_free_id() -> None:
    record = new_theme_record(
        name="Court letters", phrases=[" letter ", "", "court"], taken=["court_letters"]
    )
    assert record == {
        "id": "court_letters_2",
        "name": "Court letters",
        "description": "",
        "phrases": ["letter", "court"],
    }


def test_edit_add_and_remove_themes(session: Session) -> None:
    records = theme_records(session)
    records[0] = {**records[0], "phrases": [*records[0]["phrases"], "bedsit"]}
    records.append({"id": "food", "name": "Food", "description": "Meals", "phrases": ["food bank", "meals"]})
    change = save_codebook(session=session, records=records, viewer=ADMIN)
    session.commit()
    assert change.added == ("food",) and change.changed == (records[0]["id"],) and change.any
    assert "bedsit" in session.get(Theme, records[0]["id"]).phrases
    without = [r for r in theme_records(session) if r["id"] != "food"]
    assert save_codebook(session=session, records=without, viewer=ADMIN).removed == ("food",)
    session.commit()
    assert session.get(Theme, "food").active is False
    assert "food" not in {r["id"] for r in theme_records(session)}


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda rs: [*rs, {"id": "bad", "name": "Bad", "phrases": ["re:(unclosed"]}], ["bad", "(unclosed"]),
        (lambda rs: [r for r in rs if r["id"] != "housing"], ["housing", "missing"]),
        (lambda rs: [*rs, {"id": "Bad Id", "name": "x", "phrases": []}], ["Bad Id"]),
        (lambda rs: [*rs, {"id": "empty", "name": " ", "phrases": []}], ["empty", "name"]),
        (lambda rs: [*rs, {"id": "housing", "name": "Again", "phrases": []}], ["Duplicate", "housing"]),
        (lambda rs: [*rs, {"id": "everything", "name": "E", "phrases": ["re:.*"]}], ["everything", ".*"]),
    ],
)
def test_bad_codebook_is_refused_with_a_clear_message(
    session: Session, edit: object, words: list[str]
) -> None:
    before = theme_records(session)
    with pytest.raises(ValidationError) as caught:
        save_codebook(session=session, records=edit(theme_records(session)), viewer=ADMIN)  # type: ignore[operator]
    message = " ".join(caught.value.errors.values())
    assert all(word in message for word in words), message
    session.rollback()
    assert theme_records(session) == before


@pytest.mark.parametrize("viewer", [lead(), Viewer(None, "reviewer"), Viewer(None, "staff")])
def test_only_admins_edit(session: Session, viewer: Viewer) -> None:
    with pytest.raises(NotAllowedError):
        save_codebook(session=session, records=theme_records(session), viewer=viewer)


def test_add_theme_from_an_emergent_group(session: Session) -> None:
    record = new_theme_record(name="Food", phrases=["food", "meal"])
    add_theme(session=session, record=record, viewer=ADMIN)
    session.commit()
    assert session.scalar(select(Theme.phrases).where(Theme.id == "food")) == ["food", "meal"]
    with pytest.raises(ValidationError):
        add_theme(session=session, record=record, viewer=ADMIN)
