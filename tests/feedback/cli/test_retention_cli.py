"""`python -m feedback retention --as-of DATE --dry-run` on both databases, with a frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select

from feedback.cli import main as cli
from feedback.db import make_session_factory, transaction
from feedback.fixtures import make_comment
from feedback.models import Comment
from feedback.settings import get_settings

FROZEN = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def use_database(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """Point the command line at the test database, with the clock stopped at FROZEN."""
    monkeypatch.setenv("FEEDBACK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("FEEDBACK_RETENTION_DAYS", "730")
    monkeypatch.setattr(cli, "utcnow", lambda: FROZEN)
    get_settings.cache_clear()
    with transaction(make_session_factory(engine)) as session:
        for day in ("2024-01-10", "2024-03-01", "2026-05-01"):
            stamp = dt.datetime.fromisoformat(day).replace(hour=12, tzinfo=dt.UTC)
            make_comment(session, text=f"Written {day}", redacted=f"Redacted {day}", created_at=stamp)
    yield engine
    get_settings.cache_clear()


def texts(engine: Engine) -> dict[str, str | None]:
    """Raw text by redacted text."""
    with make_session_factory(engine)() as session:
        return dict(session.execute(select(Comment.redacted_text, Comment.text)).all())


def test_dry_run_counts_and_changes_nothing(use_database: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["retention", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would remove the unredacted text of 2 comments" in out and "Nothing was changed" in out
    assert None not in texts(use_database).values()


def test_as_of_an_earlier_day_purges_only_what_had_expired_then(
    use_database: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    # At the end of 2026-02-15 the cut-off is 2024-02-17 (730 days, 2024 a leap year).
    assert cli.main(["retention", "--as-of", "2026-02-15"]) == 0
    out = capsys.readouterr().out
    assert "Removed the unredacted text of 1 comments written before 2024-02-17" in out
    assert "as of the end of 2026-02-15" in out
    assert texts(use_database) == {
        "Redacted 2024-01-10": None,
        "Redacted 2024-03-01": "Written 2024-03-01",
        "Redacted 2026-05-01": "Written 2026-05-01",
    }
    assert cli.main(["retention"]) == 0  # as of the frozen now: the March 2024 one too
    assert list(texts(use_database).values()).count(None) == 2


@pytest.mark.parametrize(
    ("as_of", "message"), [("2026-06-02", "is in the future"), ("1/6/2026", "YYYY-MM-DD")]
)
def test_a_future_or_badly_written_date_is_refused(
    use_database: Engine, capsys: pytest.CaptureFixture[str], as_of: str, message: str
) -> None:
    assert cli.main(["retention", "--as-of", as_of]) == 1
    err = capsys.readouterr().err
    assert message in err and err.strip().count("\n") == 0
    assert None not in texts(use_database).values()
