"""AppTest of the participation statement page: table built, grouping, suppression, downloads."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from analysis.periods import financial_year, financial_year_label
from feedback.db import transaction
from feedback.fixtures import make_activity
from feedback.reports.statement import period_statement, render_statement
from tests.ui.conftest import sign_in_state, signed_in

PAGE = str(Path(__file__).resolve().parents[2] / "ui" / "statement.py")


def _page(factory: sessionmaker[Session], role: str = "reviewer") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    sign_in_state(at, signed_in(factory, role))
    return at.run()


def _editor(at: AppTest):
    return at.dataframe[0].value


def test_statement_lists_the_periods_activities(seeded: sessionmaker[Session]) -> None:
    at = _page(seeded)
    assert not at.exception
    first, _last = financial_year(dt.date.today())
    assert financial_year_label(first) in at.header[0].value
    titles = " ".join(_editor(at)["activity"])
    assert "LISTEN event, Hamilton" in titles and "Hub visit, Lanark" in titles
    assert "We will: Rewrite the letters" in " ".join(_editor(at)["outcomes"])
    assert "2 activities" in at.markdown[0].value
    keys = {b.key for b in at.get("download_button")}
    assert keys == {"stmt_download_docx", "stmt_download_csv", "stmt_download_md"}


def test_grouping_by_category_gives_one_row_per_heading(seeded: sessionmaker[Session]) -> None:
    at = _page(seeded)
    at.radio(key="stmt_grouping").set_value("category").run()
    assert not at.exception
    categories = list(_editor(at)["category"])
    assert len(categories) == len(set(categories)) >= 1


def test_a_period_without_activities_says_so(seeded: sessionmaker[Session]) -> None:
    at = _page(seeded)
    presets = at.selectbox(key="stmt_period").options
    older = next(p for p in presets if p.startswith("Last financial year"))
    at.selectbox(key="stmt_period").set_value(older).run()
    assert not at.exception
    assert at.info and "No activities" in at.info[0].value
    assert not at.get("download_button")


def test_small_headcounts_read_c(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        make_activity(
            session, start_date=dt.date.today(), attendance={"people_with_convictions": 30, "victims": 3}
        )
    at = _page(db)
    assert not at.exception
    people = at.markdown[1].value
    assert "Victims of crime and their families [c]" in people
    assert not re.search(r"\b3\b", people), people


def test_download_bytes_hold_the_edited_table(seeded: sessionmaker[Session]) -> None:
    from analysis.statement import statement_from_frame, statement_to_frame

    with seeded() as session:
        st = period_statement(session=session, start=dt.date.today(), end=dt.date.today())
    frame = statement_to_frame(st)
    frame.loc[0, "outcomes"] = "Edited wording for the annual report"
    edited = statement_from_frame(st, frame)
    table = Document(io.BytesIO(render_statement(edited, ".docx"))).tables[-1]
    cells = [c.text for row in table.rows for c in row.cells]
    assert "Edited wording for the annual report" in cells
    with seeded() as session:  # the records are unchanged
        again = period_statement(session=session, start=dt.date.today(), end=dt.date.today())
    assert "Edited wording" not in " ".join(r.outcomes for r in again.rows)


@pytest.mark.parametrize("role", ["staff", "locality_lead"])
def test_only_reviewers_and_admins(seeded: sessionmaker[Session], role: str) -> None:
    at = _page(seeded, role)
    assert at.error and "cannot open" in at.error[0].value
