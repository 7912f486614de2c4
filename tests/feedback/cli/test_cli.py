"""The operator's command line: migrate, demo, retention, user-add, errors as one line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from feedback.cli.main import main
from feedback.db import make_session_factory
from feedback.models import Activity, Comment, User
from feedback.settings import REPO_ROOT, get_settings


@pytest.fixture
def use_database(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """Point the command line at the test database."""
    monkeypatch.setenv("FEEDBACK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    yield engine
    get_settings.cache_clear()


def run_cli(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m feedback` in a child process."""
    env = {**os.environ, "FEEDBACK_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "feedback", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run_cli("--help", url=f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 0
    for command in ("migrate", "demo", "rescore", "retention", "user-add"):
        assert command in result.stdout


def test_migrate_then_demo_then_demo_again_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert run_cli("migrate", url=url).returncode == 0
    first = run_cli("demo", url=url)
    assert first.returncode == 0, first.stderr
    assert "Loaded demo data" in first.stdout
    again = run_cli("demo", url=url)
    assert again.returncode == 1
    assert again.stderr.strip().count("\n") == 0 and "already holds" in again.stderr
    assert run_cli("demo", "--if-empty", url=url).returncode == 0


def test_demo_fills_every_locality(use_database: Engine) -> None:
    assert main(["demo", "--seed", "7"]) == 0
    with make_session_factory(use_database)() as session:
        localities = set(session.scalars(select(Activity.locality)))
        assert len(localities) == 5
        assert session.scalar(select(func.count()).select_from(Comment)) > 50
        assert all(a.title.startswith("[Demo]") for a in session.scalars(select(Activity)))


def test_user_add_and_bad_pin(use_database: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["user-add", "--username", "jo", "--role", "admin", "--pin", "123456"]) == 0
    assert main(["user-add", "--username", "al", "--role", "admin", "--pin", "12"]) == 1
    assert "PIN must be 4 to 12 digits" in capsys.readouterr().err
    with make_session_factory(use_database)() as session:
        assert list(session.scalars(select(User.username))) == ["jo"]


def test_unreachable_database_is_one_clear_line() -> None:
    result = run_cli("migrate", url="postgresql://nobody@127.0.0.1:1/none")
    assert result.returncode == 1
    assert "cannot reach the database" in result.stderr
    assert "Traceback" not in result.stderr
