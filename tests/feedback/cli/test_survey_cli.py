"""`python -m feedback survey-export` then `survey-import`: a survey leaves and comes back as XLSForm."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, select

from feedback.cli.main import main
from feedback.db import make_session_factory
from feedback.models import Survey
from feedback.settings import DATA_DIR, get_settings


@pytest.fixture
def cli(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The command line on the test database with an empty surveys folder of its own."""
    folder = tmp_path / "surveys"
    folder.mkdir()
    monkeypatch.setenv("FEEDBACK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("FEEDBACK_SURVEYS_DIR", str(folder))
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def test_export_then_import_a_new_version(
    cli: Path, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = tmp_path / "yvc.xlsx"
    assert main(["survey-export", "your_view_counts", "--out", str(form)]) == 0
    from feedback.capture.xlsform import read_xlsform, write_xlsform

    raw = read_xlsform(form.read_bytes()).raw
    assert raw == yaml.safe_load((DATA_DIR / "surveys" / "your_view_counts.yaml").read_text(encoding="utf-8"))
    raw["settings"]["version"] = "2099.1"
    form.write_bytes(write_xlsform(raw))
    assert main(["survey-import", str(form)]) == 0
    assert "Imported your_view_counts version 2099.1" in capsys.readouterr().out
    assert yaml.safe_load((cli / "your_view_counts.yaml").read_text(encoding="utf-8")) == raw
    with make_session_factory(engine)() as session:
        active = session.scalars(
            select(Survey.version).where(Survey.key == "your_view_counts", Survey.active.is_(True))
        ).all()
    assert active == ["2099.1"]
    assert main(["survey-import", str(form)]) == 1  # never overwrites without --replace
    assert "already exists" in capsys.readouterr().err


def test_a_bad_form_is_one_clear_line(cli: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"nope")
    assert main(["survey-import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "not a readable .xlsx" in err and "Traceback" not in err
