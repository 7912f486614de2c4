"""The operator's command line: migrate, demo, retention, user-add, errors as one line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from feedback.admin.pins import pin_matches
from feedback.cli import main as cli_main
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


class _Terminal(io.StringIO):
    """A stdin that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _usernames(engine: Engine) -> list[str]:
    with make_session_factory(engine)() as session:
        return list(session.scalars(select(User.username).order_by(User.username)))


def test_user_add_reads_the_pin_from_stdin(
    use_database: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse battery\n"))
    args = ["user-add", "--username", "jo", "--role", "admin", "--pin-stdin", "--email", "Jo@Partner.org"]
    assert main(args) == 0
    with make_session_factory(use_database)() as session:
        jo = session.scalars(select(User)).one()
        assert (jo.email, jo.pin_hash.startswith("$argon2id$")) == ("jo@partner.org", True)
        assert pin_matches("correct horse battery", jo.pin_hash)
    monkeypatch.setattr(sys, "stdin", io.StringIO("123456789\n"))
    assert main(["user-add", "--username", "al", "--role", "admin", "--pin-stdin"]) == 1
    err = capsys.readouterr().err
    assert "passphrase of 12" in err and "123456789" not in err
    assert _usernames(use_database) == ["jo"]


def test_user_add_refuses_a_pin_on_the_command_line(
    use_database: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["user-add", "--username", "jo", "--role", "staff", "--pin", "482613"]) == 1
    assert "Do not put a PIN on the command line" in capsys.readouterr().err
    assert _usernames(use_database) == []


def test_user_add_prompts_twice(
    use_database: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal())
    typed = iter(["482613", "482631", "482613", "482613"])
    monkeypatch.setattr(cli_main.getpass, "getpass", lambda prompt: next(typed))
    assert main(["user-add", "--username", "jo", "--role", "staff"]) == 1
    assert "not the same" in capsys.readouterr().err
    assert main(["user-add", "--username", "jo", "--role", "staff"]) == 0
    assert _usernames(use_database) == ["jo"]


def test_user_add_without_a_terminal_or_stdin_flag_says_what_to_do(
    use_database: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["user-add", "--username", "jo", "--role", "staff"]) == 1
    assert "--pin-stdin" in capsys.readouterr().err


def test_user_add_in_a_child_process_with_a_piped_pin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'users.db'}"
    assert run_cli("migrate", url=url).returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "feedback", "user-add", "--username", "sam", "--role", "staff", "--pin-stdin"],
        cwd=REPO_ROOT,
        env={**os.environ, "FEEDBACK_DATABASE_URL": url},
        input="482613\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Added user sam" in result.stdout


def test_unreachable_database_is_one_clear_line() -> None:
    result = run_cli("migrate", url="postgresql://nobody@127.0.0.1:1/none")
    assert result.returncode == 1
    assert "cannot reach the database" in result.stderr
    assert "Traceback" not in result.stderr
