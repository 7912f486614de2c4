"""`python -m feedback statement`: files written, opened and checked; bad input is one clear line."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from feedback.cli.main import main
from feedback.fixtures import make_activity
from feedback.models import Action
from feedback.settings import REPO_ROOT, get_settings

PERIOD = ["--from", "2025-04-01", "--to", "2026-03-31"]


@pytest.fixture
def db_url(engine: Engine, factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The test database with two activities in the period and one outside, as FEEDBACK_DATABASE_URL."""
    with factory() as session:
        act = make_activity(session, title="LISTEN event, Hamilton", start_date=dt.date(2025, 6, 12))
        make_activity(
            session,
            title="Hub visit, Lanark",
            kind="womens_hub_visit",
            locality="clydesdale",
            start_date=dt.date(2026, 1, 20),
        )
        make_activity(session, title="Too early", start_date=dt.date(2024, 6, 1))
        session.add(
            Action(
                heard="Letters",
                will_do="Rewrite the letters",
                status="planned",
                locality="hamilton_blantyre_larkhall",
                activity_id=act.id,
            )
        )
        session.commit()
    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("FEEDBACK_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _docx_rows(path: Path) -> list[list[str]]:
    table = Document(str(path)).tables[-1]
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.mark.parametrize("grouping", ["activity", "category"])
def test_docx_has_the_statement_table(db_url: str, tmp_path: Path, grouping: str) -> None:
    out = tmp_path / "statement.docx"
    assert main(["statement", *PERIOD, "--out", str(out), "--grouping", grouping]) == 0
    rows = _docx_rows(out)
    assert rows[0][:4] == ["Stakeholders", "Consultation/involvement activities", "Dates", "Outcomes"]
    text = "\n".join("|".join(r) for r in rows)
    assert "LISTEN event, Hamilton" in text and "Hub visit, Lanark" in text and "Too early" not in text
    assert "We will: Rewrite the letters" in text
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert "Period: 1 April 2025 to 31 March 2026" in paragraphs


@pytest.mark.parametrize(("suffix", "needle"), [(".csv", "Rewrite the letters"), (".md", "| Stakeholders |")])
def test_csv_and_markdown(db_url: str, tmp_path: Path, suffix: str, needle: str) -> None:
    out = tmp_path / f"statement{suffix}"
    assert main(["statement", *PERIOD, "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert needle in text and "Hub visit, Lanark" in text and "Too early" not in text


BAD = [
    (["--from", "2025-13-01", "--to", "2026-03-31", "--out", "x.docx"], "--from must be a date"),
    (["--from", "2025-04-01", "--to", "31/03/2026", "--out", "x.docx"], "--to must be a date"),
    (["--from", "2026-04-01", "--to", "2025-03-31", "--out", "x.docx"], "is after --to"),
    ([*PERIOD, "--out", "x.pdf"], "--out must end in .docx, .csv, .md"),
    ([*PERIOD, "--out", "x"], "no extension"),
    ([*PERIOD, "--out", "x.md", "--grouping", "locality"], "--grouping must be one of"),
    ([*PERIOD, "--out", "/no/such/folder/x.md"], "does not exist"),
]


@pytest.mark.parametrize(("argv", "message"), BAD)
def test_bad_input_is_one_clear_line(
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["statement", *argv]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("error: ") and message in err


def test_subprocess_writes_docx_and_fails_cleanly(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "FEEDBACK_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "PYTHONPATH": str(REPO_ROOT),
    }
    run = [sys.executable, "-m", "feedback"]
    subprocess.run([*run, "migrate"], env=env, cwd=tmp_path, check=True, capture_output=True)
    out = tmp_path / "s.docx"
    done = subprocess.run(
        [*run, "statement", *PERIOD, "--out", str(out)], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert _docx_rows(out)[0][0] == "Stakeholders"
    bad = subprocess.run(
        [*run, "statement", *PERIOD, "--out", "s.txt"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1
