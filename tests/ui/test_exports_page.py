"""AppTest of the exports page: redacted text only, safeguarding left out, formulas neutralised."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.db import transaction
from feedback.fixtures import BIG, make_comment
from feedback.models import Activity
from feedback.reports.export_files import remove_export
from tests.ui.conftest import sign_in_state, signed_in

PAGE = str(Path(__file__).resolve().parents[2] / "ui" / "exports.py")
RAW = "Call John Smith on 07700 900123"
REDACTED = "Call [NAME] on [PHONE]"


@pytest.fixture
def with_raw(seeded: sessionmaker[Session]) -> sessionmaker[Session]:
    """The seeded rows plus a comment whose raw text differs from its redacted text."""
    with transaction(seeded) as session:
        activity_id = session.scalar(select(Activity.id).where(Activity.locality == BIG))
        make_comment(
            session,
            activity_id=activity_id,
            locality=BIG,
            sentiment="neutral",
            text=RAW,
            redacted=REDACTED,
            created_at=dt.datetime.now(dt.UTC),
        )
    return seeded


def _prepared(factory: sessionmaker[Session], role: str, name: str) -> tuple[AppTest, dict]:
    at = AppTest.from_file(PAGE, default_timeout=60)
    sign_in_state(at, signed_in(factory, role))
    at.run()
    at.button(key=f"exp_prepare_{name}").click().run()
    assert not at.exception
    kept = at.session_state["exp_files"][name]
    assert not any(isinstance(v, bytes) for v in kept.values())  # the files stay on disk, not in the session
    files = {**kept, "csv": Path(kept["csv"]).read_bytes(), "xlsx": Path(kept["xlsx"]).read_bytes()}
    remove_export(kept["folder"])
    return at, files


def _csv(files: dict) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(files["csv"]), encoding="utf-8-sig", keep_default_na=False)


def _xlsx_cells(files: dict) -> list:
    sheet = load_workbook(io.BytesIO(files["xlsx"])).active
    return [cell for row in sheet.iter_rows() for cell in row]


def test_comments_are_redacted_and_neutralised_for_reviewers(with_raw: sessionmaker[Session]) -> None:
    at, files = _prepared(with_raw, "reviewer", "comments")
    frame = _csv(files)
    texts = list(frame["redacted_text"])
    assert REDACTED in texts and not any(RAW in t for t in texts)
    assert "safeguarding" not in frame.columns
    assert '\'=HYPERLINK("http://evil.example","click")' in texts
    assert not any(t.startswith('=HYPERLINK("http://x') or 'http://x"' in t for t in texts), (
        "flagged one left out"
    )
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in frame.to_numpy().ravel())
    cells = _xlsx_cells(files)
    assert all(c.data_type != "f" for c in cells)
    assert '\'=HYPERLINK("http://evil.example","click")' in [c.value for c in cells]
    assert {b.key for b in at.get("download_button")} == {"exp_comments_csv", "exp_comments_xlsx"}


def test_admins_get_flagged_comments_marked(with_raw: sessionmaker[Session]) -> None:
    _, files = _prepared(with_raw, "admin", "comments")
    frame = _csv(files)
    flagged = frame[frame["safeguarding"].astype(str) == "True"]
    assert list(flagged["redacted_text"]) == ['\'=HYPERLINK("http://x")']


@pytest.mark.parametrize(
    ("name", "column", "expected"),
    [
        ("activities", "title", {"LISTEN event, Hamilton", "Hub visit, Lanark"}),
        ("actions", "we_did", {"Letters rewritten with service users"}),
    ],
)
def test_activities_and_actions(seeded: sessionmaker[Session], name: str, column: str, expected: set) -> None:
    at, files = _prepared(seeded, "reviewer", name)
    assert set(_csv(files)[column]) == expected
    sheet_values = {c.value for c in _xlsx_cells(files)}
    assert expected <= sheet_values
    assert {b.key for b in at.get("download_button")} == {f"exp_{name}_csv", f"exp_{name}_xlsx"}


def test_small_headcounts_are_suppressed_in_the_activity_export(seeded: sessionmaker[Session]) -> None:
    _, files = _prepared(seeded, "reviewer", "activities")
    people = dict(zip(_csv(files)["title"], _csv(files)["people_engaged"].astype(str), strict=True))
    assert people["Hub visit, Lanark"] == "[c]"
    assert 35 <= int(people["LISTEN event, Hamilton"]) <= 39  # 37 with the cell-key noise


def test_a_changed_filter_hides_stale_files(seeded: sessionmaker[Session]) -> None:
    at, _ = _prepared(seeded, "reviewer", "comments")
    at.multiselect(key="exp_localities").select("clydesdale").run()
    assert not at.get("download_button")
    assert not at.exception


@pytest.mark.parametrize("role", ["staff", "locality_lead"])
def test_only_reviewers_and_admins(seeded: sessionmaker[Session], role: str) -> None:
    at = AppTest.from_file(PAGE, default_timeout=30)
    sign_in_state(at, signed_in(seeded, role))
    at.run()
    assert at.error and "cannot open" in at.error[0].value


def test_the_page_previews_the_rows_as_exported(seeded: sessionmaker[Session]) -> None:
    at, files = _prepared(seeded, "reviewer", "activities")
    preview = next(d.value for d in at.dataframe if "people_engaged" in d.value.columns)
    assert list(preview["title"]) == list(_csv(files)["title"])
