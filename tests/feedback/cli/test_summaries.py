"""`python -m feedback summaries`: check finds a wrong cube, rebuild puts it right."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session, sessionmaker

from feedback.cli.main import main
from feedback.fixtures import make_comment
from feedback.models import CUBES
from feedback.settings import get_settings
from tests.feedback.summaries.summary_checks import recount, stored


def test_check_then_rebuild(
    engine: Engine,
    factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    with factory() as session:
        make_comment(session, themes=("housing",))
        make_comment(session, sentiment="positive", rating="5")
        session.commit()
    monkeypatch.setenv("FEEDBACK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        assert main(["summaries", "check"]) == 0
        table = next(c.table for c in CUBES if c.name == "summary_theme_lean_month")
        with engine.begin() as conn:
            conn.execute(update(table).values(records=table.c.records + 1))
        assert main(["summaries", "check"]) == 1
        assert "summary_theme_lean_month" in capsys.readouterr().out
        assert main(["summaries", "rebuild"]) == 0
        assert stored(engine) == recount(engine)
        assert main(["summaries", "check"]) == 0
    finally:
        get_settings.cache_clear()
