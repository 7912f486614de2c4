"""Importing responses: kiosk rules per row, rejected rows with reasons, stored once, analysed, alerts raised."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from feedback.access import SYSTEM, NotAllowedError, Viewer
from feedback.capture.pending import analyse_pending
from feedback.capture.surveys import parse_definition
from feedback.db import transaction
from feedback.fixtures import CLYDESDALE, HAMILTON, lead, make_activity, survey
from feedback.imports.mapping import ColumnMapping, guess_columns
from feedback.imports.samples import FORMS_HEADINGS, forms_export
from feedback.imports.saved import load_mapping, mapping_names, save_mapping
from feedback.imports.service import check_file, import_context, rejected_csv, run_import
from feedback.models import Answer, Comment, CommentTheme, SafeguardingAlert, Submission
from feedback.validation import ValidationError
from tests.feedback.summaries.summary_checks import recount, stored

DISCLOSURE = "He hits me when I get home and I am scared to go back."
MODEL_ONLY = "I cant see myself still being here next year, no way"
TODAY = dt.date(2026, 11, 29)


def _activity(factory: sessionmaker[Session], locality: str = HAMILTON) -> int:
    with transaction(factory) as session:
        return make_activity(session, locality=locality).id


def _run(factory, frame, activity_id, *, mapping=None, good_rows=False, viewer: Viewer = SYSTEM):
    mapping = mapping or ColumnMapping("your_view_counts", dict(FORMS_HEADINGS))
    with factory() as session:
        context, target = import_context(
            session=session,
            survey_key="your_view_counts",
            activity_id=activity_id,
            viewer=viewer,
            today=TODAY,
        )
    checked = check_file(frame, mapping, context)
    return checked, run_import(factory=factory, checked=checked, target=target, import_good_rows=good_rows)


def _count(session: Session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_clean_file_imports_every_row_once_with_its_analysis(factory: sessionmaker[Session]) -> None:
    activity_id = _activity(factory)
    frame = forms_export(40, seed=3)
    checked, result = _run(factory, frame, activity_id)
    assert (len(checked.good), len(checked.rejected), result.stored, result.already_stored) == (40, 0, 40, 0)
    with factory() as session:
        assert session.scalar(select(func.count()).where(Submission.channel == "import")) == 40
        comments = session.scalars(select(Comment)).all()
        texts = sum(
            1
            for col in (
                "What worked well for you?",
                "What could be better?",
                "Is there anything else you want to tell us?",
            )
            for v in frame[col]
            if v
        )
        assert len(comments) == texts
        # Stored with the rules' first look; the model's analysis follows, as for a saved card.
        assert all(c.analysis_version is None and c.redacted_text for c in comments)
        assert _count(session, CommentTheme) > 0
    assert len(analyse_pending(factory=factory)) == texts
    with factory() as session:
        comments = session.scalars(select(Comment)).all()
        assert all(
            c.sentiment in ("positive", "neutral", "negative") and c.analysis_version for c in comments
        )
    _, again = _run(factory, frame, activity_id)  # the same file twice stores nothing new
    assert (again.stored, again.already_stored) == (0, 40)
    with factory() as session:
        assert _count(session, Submission) == 40


def test_cells_become_what_the_kiosk_stores(factory: sessionmaker[Session]) -> None:
    activity_id = _activity(factory)
    row = {h: "" for h in FORMS_HEADINGS}
    row.update(
        {
            "ID": "17",
            "Completion time": "31/03/2026 14:05",
            "Area": "Clydesdale",
            "I agree to take part": "Yes",
            "Which of these best describes you?": "I am a family member of someone with a conviction",
            "Overall, how good was the service you had?": "good",
            "Did the service help you with any of these?": "Work, training or college;Money or benefits;",
            "What worked well for you?": "The staff listened.",
            "May we quote you?": "yes",
        }
    )
    _run(factory, pd.DataFrame([row]), activity_id)
    with factory() as session:
        sub = session.scalars(select(Submission)).one()
        assert (sub.locality, sub.stakeholder_group, sub.created_at.date(), sub.quote_permission) == (
            CLYDESDALE,
            "families",
            dt.date(2026, 3, 31),
            True,
        )
        answers = {a.question: a.choice for a in session.scalars(select(Answer))}
        assert answers == {"stakeholder_group": "families", "overall": "2", "helped_with": "work money"}


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        (
            "Overall, how good was the service you had?",
            "Excellent",
            "overall: 'Excellent' is not among the choices",
        ),
        ("I agree to take part", "No", "consent:"),
        ("Area", "Glasgow", "locality: 'Glasgow'"),
        ("Completion time", "31/02/2026", "date:"),
        ("What worked well for you?", "x" * 6000, "the most is"),
        ("What worked well for you?", "\x01\x02", "invisible control characters"),
    ],
)
def test_bad_rows_are_held_back_until_the_user_agrees(
    factory: sessionmaker[Session], column: str, value: str, reason: str
) -> None:
    activity_id = _activity(factory)
    frame = forms_export(5, seed=4)
    frame.loc[2, column] = value
    with pytest.raises(ValidationError):
        _run(factory, frame, activity_id)
    with factory() as session:
        assert _count(session, Submission) == 0  # nothing stored without agreement
    checked, result = _run(factory, frame, activity_id, good_rows=True)
    assert [r.row_number for r in checked.rejected] == [4]
    assert reason in checked.rejected[0].reason
    assert result.stored == 4
    rejects = pd.read_csv(io.BytesIO(rejected_csv(frame, checked)), dtype=str, keep_default_na=False)
    assert list(rejects["row"]) == ["4"] and reason in rejects.loc[0, "reason"]


def test_the_rejected_rows_file_cannot_run_formulas(factory: sessionmaker[Session]) -> None:
    activity_id = _activity(factory)
    frame = forms_export(3, seed=5)
    frame.loc[0, "Overall, how good was the service you had?"] = '=HYPERLINK("http://x","y")'
    checked, _ = _run(factory, frame, activity_id, good_rows=True)
    text = rejected_csv(frame, checked).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text and '"=HYPERLINK' not in text


def test_an_imported_disclosure_raises_an_alert(factory: sessionmaker[Session]) -> None:
    activity_id = _activity(factory)
    frame = forms_export(3, seed=6, blank_share=1.0)
    frame.loc[1, "What could be better?"] = DISCLOSURE
    _, result = _run(factory, frame, activity_id)
    assert result.flagged == 1
    with factory() as session:
        alert = session.scalars(select(SafeguardingAlert)).one()
        comment = session.get(Comment, alert.comment_id)
        assert (alert.reason, comment.safeguarding, comment.read_at) == ("flag", True, None)


def test_an_empty_row_and_a_missing_consent_column_are_refused(factory: sessionmaker[Session]) -> None:
    activity_id = _activity(factory)
    frame = forms_export(2, seed=7).drop(columns=["I agree to take part"])
    columns = {h: t for h, t in FORMS_HEADINGS.items() if t != "@consent"}
    with pytest.raises(ValidationError, match="agreed to take part"):
        _run(factory, frame, activity_id, mapping=ColumnMapping("your_view_counts", columns))
    frame.loc[1, [h for h, t in columns.items() if not t.startswith("@")]] = ""
    checked, _ = _run(
        factory, frame, activity_id, mapping=ColumnMapping("your_view_counts", columns, True), good_rows=True
    )
    assert [r.reason for r in checked.rejected] == ["the row has no answers to any mapped question."]


@pytest.mark.parametrize("role", ["locality_lead", "reviewer"])
def test_only_staff_and_admins_import(factory: sessionmaker[Session], role: str) -> None:
    activity_id = _activity(factory)
    viewer = lead() if role == "locality_lead" else Viewer(None, role)
    with factory() as session, pytest.raises(NotAllowedError):
        import_context(session=session, survey_key="your_view_counts", activity_id=activity_id, viewer=viewer)
    _, result = _run(factory, forms_export(2, seed=8), activity_id, viewer=Viewer(None, "staff"))
    assert result.stored == 2


def test_a_saved_mapping_is_reused(factory: sessionmaker[Session]) -> None:
    mapping = ColumnMapping("your_view_counts", dict(FORMS_HEADINGS), everyone_consented=True)
    with transaction(factory) as session:
        save_mapping(session=session, name="Microsoft Forms", mapping=mapping, user_id=None)
        save_mapping(session=session, name="Microsoft Forms", mapping=mapping, user_id=None)  # replaced
    with factory() as session:
        assert mapping_names(session=session, survey_key="your_view_counts") == ["Microsoft Forms"]
        assert load_mapping(session=session, name="Microsoft Forms") == mapping


def test_headings_are_guessed_from_names_labels_and_usual_details(session: Session) -> None:
    definition = parse_definition(survey(session).definition)
    guessed = guess_columns([*FORMS_HEADINGS, "group/worked_well", "_uuid", "Notes"], definition)
    assert guessed["Overall, how good was the service you had?"] == "overall"  # by label
    assert guessed["I agree to take part"] == "@consent"
    assert guessed["ID"] == "@response_id" and "_uuid" not in guessed  # each target once
    assert "group/worked_well" not in guessed  # worked_well already came from its label
    assert "Notes" not in guessed
    kobo = guess_columns(["group_a/could_be_better", "_uuid", "today"], definition)
    assert kobo == {"group_a/could_be_better": "could_be_better", "_uuid": "@response_id", "today": "@date"}


def test_imported_rows_are_counted_in_the_summaries(factory: sessionmaker[Session]) -> None:
    # Rows go in by Core inserts, which the summaries' session events do not see: the import
    # must add them itself, or the Overview would leave imported feedback out.
    activity_id = _activity(factory)
    _run(factory, forms_export(25, seed=5), activity_id)
    engine = factory.kw["bind"]
    assert stored(engine) == recount(engine)
    assert sum(count for count, _ in stored(engine)["summary_comment_day"].values()) > 0


def test_a_disclosure_only_the_model_catches_raises_its_alert_when_the_analysis_lands(
    factory: sessionmaker[Session],
) -> None:
    activity_id = _activity(factory)
    frame = forms_export(3, seed=6, blank_share=1.0)
    frame.loc[1, "What could be better?"] = MODEL_ONLY
    _, result = _run(factory, frame, activity_id)
    assert result.flagged == 0  # no rule matches this wording
    with factory() as session:
        assert _count(session, SafeguardingAlert) == 0
    analyse_pending(factory=factory)
    with factory() as session:
        alert = session.scalars(select(SafeguardingAlert)).one()
        assert session.get(Comment, alert.comment_id).text == MODEL_ONLY
