"""Paper forms: printed with a code on each copy; the typed-up spreadsheet imports with the saved mapping."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from feedback.cli.main import main
from feedback.db import make_session_factory, transaction
from feedback.fixtures import make_activity
from feedback.models import Answer, Comment, Submission
from feedback.settings import get_settings


@pytest.fixture
def activity_id(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """The command line on the test database, with one activity."""
    monkeypatch.setenv("FEEDBACK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    with transaction(make_session_factory(engine)) as session:
        made = make_activity(session).id
    yield made
    get_settings.cache_clear()


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_paper_forms_type_up_and_import_with_the_saved_mapping(
    activity_id: int, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forms, typed = tmp_path / "forms.pdf", tmp_path / "typed.xlsx"
    assert (
        main(
            [
                "paper-form",
                "your_view_counts",
                "--out",
                str(forms),
                "--copies",
                "3",
                "--language",
                "pl",
                "--template",
                str(typed),
            ]
        )
        == 0
    )
    assert forms.read_bytes().startswith(b"%PDF") and _pages(forms.read_bytes()) >= 3
    sheet = pd.read_excel(io.BytesIO(typed.read_bytes()), dtype=str).fillna("")
    codes = list(sheet["form_code"])
    assert len(set(codes)) == 3 and all(re.fullmatch(r"P-[A-Z2-9]{6}", c) for c in codes)
    # A volunteer types the three forms up, with what is in [brackets] or the words ticked.
    sheet.loc[0, ["date", "consent", "overall", "worked_well", "helped_with"]] = [
        "05/03/2026",
        "yes",
        "2",
        "Kind staff.",
        "housing money",
    ]
    sheet.loc[1, ["date", "consent", "locality", "stakeholder_group", "could_be_better"]] = [
        "06/03/2026",
        "[ x ] yes",
        "clydesdale",
        "Jestem członkiem rodziny osoby skazanej",
        "Shorter waits.",
    ]
    sheet.loc[2, ["consent", "overall"]] = ["", "1"]  # no tick for consent: not imported
    sheet.to_excel(typed, index=False)
    capsys.readouterr()
    args = ["import", str(typed), "--activity", str(activity_id), "--mapping", "Paper form: your_view_counts"]
    assert main(args) == 1  # one form has no consent: nothing stored until agreed
    assert main([*args, "--import-good-rows"]) == 0
    assert "Imported 2 responses" in capsys.readouterr().out
    with make_session_factory(engine)() as session:
        stored = {s.id: s for s in session.scalars(select(Submission))}
        assert {s.locality for s in stored.values()} == {"hamilton_blantyre_larkhall", "clydesdale"}
        assert sorted(c.text for c in session.scalars(select(Comment))) == ["Kind staff.", "Shorter waits."]
        assert "housing money" in set(session.scalars(select(Answer.choice)))
    assert main([*args, "--import-good-rows"]) == 0  # typed up twice: stored once
    assert "Imported 0 responses (2 were already stored" in capsys.readouterr().out


def test_a_blank_card_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cards.pdf"
    assert main(["card-sheet", "--out", str(out), "--cards", "6"]) == 0
    assert _pages(out.read_bytes()) == 3 and "6 blank feedback cards" in capsys.readouterr().out
