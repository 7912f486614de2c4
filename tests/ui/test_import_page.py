"""AppTest: staff upload a file, map its columns, see rejected rows, agree, and import once."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.db import transaction
from feedback.fixtures import make_activity
from feedback.imports.samples import forms_export
from feedback.models import ImportMapping, SafeguardingAlert, Submission

PAGE = "ui/import_responses.py"


def _upload(db: sessionmaker[Session], open_page: Callable[..., AppTest], data: bytes, name: str) -> AppTest:
    with transaction(db) as session:
        activity_id = make_activity(session).id
    at = open_page(PAGE)
    at.selectbox(key="imp_survey").set_value("your_view_counts")
    at.selectbox(key="imp_activity").set_value(activity_id)
    at.file_uploader(key="imp_file").upload(name, data, "text/csv").run()
    assert not at.exception
    return at


def _stored(db: sessionmaker[Session]) -> int:
    with db() as session:
        return session.scalar(select(func.count()).select_from(Submission))


def test_staff_import_a_file_with_a_bad_row_after_agreeing(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    frame = forms_export(8, seed=9)
    frame.loc[3, "Area"] = "Glasgow"
    frame.loc[5, "What could be better?"] = "He hits me when I get home and I am scared to go back."
    at = _upload(db, open_page, frame.to_csv(index=False).encode(), "forms.csv")
    at.text_input(key="imp_mapping_name").input("Forms export")
    at.button(key="imp_save_mapping").click().run()
    at.button(key="imp_check").click().run()
    assert not at.exception
    assert any("7 rows are ready to import; 1 have problems" in m.value for m in at.markdown)
    assert at.button(key="imp_import").disabled  # not before the user agrees
    at.checkbox(key="imp_accept").check().run()
    at.button(key="imp_import").click().run()
    assert not at.exception
    assert any("Imported 7 responses" in s.value for s in at.success)
    assert _stored(db) == 7
    with db() as session:
        assert session.scalar(select(func.count()).select_from(SafeguardingAlert)) == 1
        assert session.scalar(select(ImportMapping.name)) == "Forms export"
    at.button(key="imp_import").click().run()  # a second import of the same file adds nothing
    assert any("Imported 0 responses; 7 were already stored" in s.value for s in at.success)
    assert _stored(db) == 7


def test_a_file_that_cannot_be_read_says_why(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = _upload(db, open_page, b"\n\n", "empty.csv")
    assert [e.value for e in at.error] == ["The file is empty."]


def test_staff_print_paper_forms_and_get_the_mapping(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    with transaction(db) as session:
        make_activity(session)
    at = open_page(PAGE)
    at.selectbox(key="imp_survey").set_value("your_view_counts").run()
    assert at.selectbox(key="imp_paper_language").options == ["en", "en-easy", "pl"]
    at.number_input(key="imp_paper_copies").set_value(3)
    at.selectbox(key="imp_paper_language").set_value("en-easy")
    at.button(key="imp_paper_make").click().run()
    assert not at.exception
    files = at.session_state["imp_paper_files"]
    assert files["pdf"].startswith(b"%PDF") and files["mapping"] == "Paper form: your_view_counts"
    with db() as session:
        assert session.scalar(select(ImportMapping.name)) == "Paper form: your_view_counts"
