"""`python -m feedback import`: progress on stderr, bad rows held back, a second run stores nothing new."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from feedback.cli.main import main
from feedback.db import make_session_factory, transaction
from feedback.fixtures import make_activity
from feedback.imports.samples import forms_export
from feedback.models import ImportMapping, Submission
from feedback.settings import get_settings


@pytest.fixture
def use_database(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """Point the command line at the test database; yield an activity id."""
    monkeypatch.setenv("FEEDBACK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    with transaction(make_session_factory(engine)) as session:
        activity_id = make_activity(session).id
    yield activity_id
    get_settings.cache_clear()


def _stored(engine: Engine) -> int:
    with make_session_factory(engine)() as session:
        return session.scalar(select(func.count()).select_from(Submission))


def test_import_xlsx_twice_stores_once(
    use_database: int, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "forms.xlsx"
    forms_export(30, seed=2).to_excel(path, index=False)
    assert main(["import", str(path), "--activity", str(use_database), "--save-mapping", "Forms"]) == 0
    out = capsys.readouterr()
    assert "Imported 30 responses" in out.out and "Importing [" in out.err and "30/30 rows" in out.err
    assert main(["import", str(path), "--activity", str(use_database), "--mapping", "Forms"]) == 0
    assert "Imported 0 responses (30 were already stored" in capsys.readouterr().out
    assert _stored(engine) == 30
    with make_session_factory(engine)() as session:
        assert session.scalar(select(ImportMapping.name)) == "Forms"


def test_bad_rows_stop_the_import_until_asked(
    use_database: int, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = forms_export(6, seed=3)
    frame.loc[0, "Area"] = "=cmd|' /C calc'!A0"
    path = tmp_path / "typed.csv"
    frame.to_csv(path, index=False)
    assert main(["import", str(path), "--activity", str(use_database)]) == 1
    err = capsys.readouterr().err
    assert "error: Nothing was imported" in err and "--import-good-rows" in err and "Traceback" not in err
    assert _stored(engine) == 0
    rejects = tmp_path / "typed.rejected.csv"
    table = pd.read_csv(io.BytesIO(rejects.read_bytes()), dtype=str, keep_default_na=False)
    assert table.loc[0, "Area"].startswith("'=") and "locality" in table.loc[0, "reason"]
    assert main(["import", str(path), "--activity", str(use_database), "--import-good-rows"]) == 0
    assert _stored(engine) == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--activity", "999999"], "There is no activity 999999"),
        (["--survey", "nope"], "no active survey 'nope'"),
        (["--mapping", "missing"], "no saved mapping 'missing'"),
        (["--map", "Area"], "--map takes COLUMN=QUESTION"),
    ],
)
def test_mistakes_are_one_clear_line(
    use_database: int, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    path = tmp_path / "f.csv"
    forms_export(2).to_csv(path, index=False)
    base = ["import", str(path), "--activity", str(use_database)]
    assert main(base[:2] + (args if "--activity" in args else base[2:] + args)) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_file_that_is_not_a_table_is_refused(
    use_database: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_bytes(b"not a workbook")
    assert main(["import", str(path), "--activity", str(use_database)]) == 1
    assert "not a readable Excel workbook" in capsys.readouterr().err
