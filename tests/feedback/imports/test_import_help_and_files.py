"""Imports: a help request raises an alert like the kiosk's; files in the shapes other tools write."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from feedback.access import SYSTEM
from feedback.db import transaction
from feedback.fixtures import make_activity
from feedback.imports.files import ImportFileError, read_table
from feedback.imports.mapping import ColumnMapping
from feedback.imports.service import check_file, import_context, run_import
from feedback.models import AuditEvent, SafeguardingAlert, Submission


def test_an_imported_request_for_help_raises_an_alert(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        activity_id = make_activity(session).id
    frame = pd.DataFrame({"support_wanted": ["Housing; Feeling safe", ""], "feeling": ["Good", "Very good"]})
    mapping = ColumnMapping(
        "womens_hub_checkin", {"support_wanted": "support_wanted", "feeling": "feeling"}, True
    )
    with factory() as session:
        context, target = import_context(
            session=session, survey_key="womens_hub_checkin", activity_id=activity_id, viewer=SYSTEM
        )
    checked = check_file(frame, mapping, context)
    run_import(factory=factory, checked=checked, target=target, import_good_rows=False)
    with factory() as session:
        alert = session.scalars(select(SafeguardingAlert)).one()
        asked = session.get(Submission, alert.submission_id)
        assert (alert.reason, alert.comment_id, asked.help_requested) == ("help", None, True)
        events = set(session.scalars(select(AuditEvent.event)))
        assert {"alert.help", "import.rows"} <= events


@pytest.mark.parametrize(
    ("name", "data", "cells"),
    [
        ("forms.csv", "\ufeffID;Area\r\n1;Hamilton\r\n".encode(), {"ID": "1", "Area": "Hamilton"}),
        (
            "excel.csv",
            "ID,Comment\n1,Caf\xe9 was shut\n".encode("cp1252"),
            {"ID": "1", "Comment": "Café was shut"},
        ),
        ("kobo.csv", b"_uuid\tscore\n a1 \t5.0\n\t\n", {"_uuid": " a1 ", "score": "5"}),
    ],
)
def test_files_as_other_tools_write_them(name: str, data: bytes, cells: dict) -> None:
    table = read_table(data, name)
    assert table.frame.to_dict("records") == [cells]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"a,b\n1,2\n", "Choose a .csv or .xlsx file"),
        ("empty.csv", b"  \n", "The file is empty"),
        ("heads.csv", b"a,b\n", "no rows"),
        ("twice.csv", b"a,a\n1,2\n", "Two columns share a heading"),
        ("gap.csv", b"a,,c\n1,2,3\n", "no heading"),
        ("bad.xlsx", b"PK not really", "not a readable Excel workbook"),
    ],
)
def test_files_we_cannot_read_say_why(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        read_table(data, name)
