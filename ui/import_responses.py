"""Import responses: a CSV or XLSX file mapped to a survey's questions, checked, then stored once."""

from __future__ import annotations

import hashlib

import streamlit as st
from sqlalchemy.orm import Session

from analysis.params import LOCALITIES
from feedback.capture.activities import list_activities
from feedback.capture.analysis_worker import worker_for
from feedback.capture.lookups import list_active_surveys
from feedback.capture.surveys import SurveyDefinition, parse_definition
from feedback.imports.files import ImportFileError, read_table
from feedback.imports.mapping import FIELDS, IGNORED, ColumnMapping, guess_columns
from feedback.imports.saved import load_mapping, mapping_names, save_mapping
from feedback.imports.service import check_file, import_context, rejected_csv, run_import, survey_by_key
from feedback.validation import ValidationError
from ui.components import show_error_summary
from ui.forms import attempt, load, short_date, submit
from ui.paper_forms import paper_forms
from ui.state import require_page, session_factory, viewer_of

CHECKED_KEY = "imp_checked"
PREVIEW_ROWS = 5


def _choices(session: Session) -> tuple[dict[str, str], dict[int, str]]:
    """Active surveys (key -> title) and the activities the user may import into (id -> label)."""
    surveys = {s.key: s.title for s in list_active_surveys(session=session)}
    activities = {
        a.id: f"{a.title} · {short_date(a.start_date)} · {LOCALITIES.get(a.locality, a.locality)}"
        for a in list_activities(session=session, viewer=viewer_of(user), limit=200)
    }
    return surveys, activities


def _definition(session: Session, key: str) -> SurveyDefinition:
    survey = survey_by_key(session=session, key=key)
    return parse_definition(survey.definition, source=survey.key)


def _progress_bar(label: str):
    bar = st.progress(0.0, text=label)

    def show(done: int, total: int) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"{label}: {done:,} of {total:,} rows")

    return show


def _targets(definition: SurveyDefinition) -> dict[str, str]:
    questions = {q.name: f"Question: {q.label}" for q in definition.questions if q.is_input}
    return {IGNORED: "(not imported)", **questions, **{k: f"Detail: {v}" for k, v in FIELDS.items()}}


def _mapping_form(headings: list[str], definition: SurveyDefinition, digest: str) -> ColumnMapping:
    """One choice per column, starting from a saved mapping or a guess from the headings."""
    names = load("list the saved mappings", lambda s: mapping_names(session=s, survey_key=definition.key))
    saved_name = st.selectbox(
        "Saved mapping", names, index=None, placeholder="Guess from the headings", key="imp_saved"
    )
    saved = (
        load("read the mapping", lambda s: load_mapping(session=s, name=saved_name)) if saved_name else None
    )
    start = saved.columns if saved else guess_columns(headings, definition)
    targets = _targets(definition)
    st.markdown("**Which question or detail is in each column?**")
    columns: dict[str, str] = {}
    for i, heading in enumerate(headings):
        default = start.get(heading, IGNORED)
        chosen = st.selectbox(
            heading,
            list(targets),
            index=list(targets).index(default) if default in targets else 0,
            format_func=targets.get,
            key=f"imp_col_{digest}_{saved_name}_{i}",
        )
        if chosen != IGNORED:
            columns[heading] = chosen
    everyone = st.checkbox(
        "Everyone in this file agreed to take part (tick only when no column records consent)",
        value=bool(saved and saved.everyone_consented),
        key="imp_everyone",
    )
    return ColumnMapping(survey_key=definition.key, columns=columns, everyone_consented=everyone)


def _save_mapping_controls(mapping: ColumnMapping) -> None:
    name = st.text_input(
        "Save this mapping as", key="imp_mapping_name", placeholder="e.g. Microsoft Forms YVC"
    )
    if st.button("Save mapping", key="imp_save_mapping"):
        outcome = attempt(
            "save the mapping", lambda s: save_mapping(session=s, name=name, mapping=mapping, user_id=user.id)
        )
        if outcome.ok:
            st.success(f"Saved the mapping {name.strip()!r}. Choose it next time under 'Saved mapping'.")
        elif outcome.errors:
            show_error_summary(outcome.errors)


def _check(table, mapping: ColumnMapping, survey_key: str, activity_id: int, digest: str) -> None:
    def work(factory):
        with factory() as session:
            context, target = import_context(
                session=session, survey_key=survey_key, activity_id=activity_id, viewer=viewer_of(user)
            )
        return target, check_file(table.frame, mapping, context, _progress_bar("Checking"))

    outcome = submit("check the rows", work)
    if outcome.errors:
        show_error_summary(outcome.errors)
    elif outcome.ok:
        target, checked = outcome.value
        st.session_state[CHECKED_KEY] = {"digest": digest, "target": target, "checked": checked}


def _results(table, name: str) -> None:
    held = st.session_state[CHECKED_KEY]
    checked = held["checked"]
    st.markdown(
        f"**{len(checked.good):,} rows are ready to import; {len(checked.rejected):,} have problems.**"
    )
    accept = True
    if checked.rejected:
        st.download_button(
            "Download the rejected rows (with the reason for each)",
            rejected_csv(table.frame, checked),
            file_name=name.rsplit(".", 1)[0] + "-rejected.csv",
            mime="text/csv",
            key="imp_rejects",
        )
        accept = st.checkbox(
            f"Import the {len(checked.good):,} good rows now and leave out the {len(checked.rejected):,} rejected ones",
            key="imp_accept",
        )
    if st.button("Import", type="primary", key="imp_import", disabled=not accept or not checked.good):
        outcome = submit(
            "import the responses",
            lambda f: run_import(
                factory=f,
                checked=checked,
                target=held["target"],
                import_good_rows=accept,
                progress=_progress_bar("Importing"),
            ),
        )
        if outcome.errors:
            show_error_summary(outcome.errors)
        elif outcome.ok:
            result = outcome.value
            worker_for(session_factory()).kick_all()  # the model's analysis follows, as for a card
            st.success(
                f"Imported {result.stored:,} responses; {result.already_stored:,} were already stored "
                f"(importing the same file again adds nothing). {result.flagged:,} comments were flagged for "
                "safeguarding by the rules and sent as alerts. The full analysis of the comments follows in "
                "the background: until it lands they show 'analysis pending', and any further disclosure "
                "it finds raises an alert."
            )


user = require_page("import_responses")
st.title("Import responses")
st.markdown(
    "Bring in responses from a spreadsheet: a Microsoft Forms, KoboToolbox or Citizen Space export, or "
    "paper forms typed up. Each row is checked like a kiosk response, and every comment is analysed "
    "and safeguarding-checked the same way."
)
surveys, activities = load("list the surveys and activities", _choices)
if not surveys or not activities:
    st.warning("You need an active survey and an activity. Record the activity first, then import.")
    st.stop()
survey_key = st.selectbox("Survey", list(surveys), format_func=surveys.get, key="imp_survey")
activity_id = st.selectbox("Activity", list(activities), format_func=activities.get, key="imp_activity")
paper_forms(load("read the survey", lambda s: _definition(s, survey_key)), user.id)
upload = st.file_uploader(
    "File (.csv or .xlsx, headings in the first row)", type=["csv", "xlsx"], key="imp_file"
)
if upload is None:
    st.stop()
data = upload.getvalue()
digest = hashlib.sha256(data + f"{survey_key}|{activity_id}".encode()).hexdigest()[:16]
try:
    table = read_table(data, upload.name)
except ImportFileError as exc:
    st.error(str(exc))
    st.stop()
for note in table.notes:
    st.caption(note)
st.markdown(f"**{len(table.frame):,} rows.** The first {PREVIEW_ROWS}:")
st.dataframe(table.frame.head(PREVIEW_ROWS), hide_index=True)
try:
    definition = load(
        "read the survey",
        lambda s: (
            import_context(session=s, survey_key=survey_key, activity_id=activity_id, viewer=viewer_of(user))[
                0
            ].definition
        ),
    )
except ValidationError as exc:
    show_error_summary(exc.errors)
    st.stop()
mapping = _mapping_form(list(table.frame.columns), definition, digest)
_save_mapping_controls(mapping)
if st.button("Check every row", key="imp_check"):
    st.session_state.pop(CHECKED_KEY, None)
    _check(table, mapping, survey_key, activity_id, digest)
held = st.session_state.get(CHECKED_KEY)
if held and held["digest"] == digest:
    _results(table, upload.name)
