"""An import from start to end: where it goes, every row checked, the rejected rows file, then store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from analysis.exports import frame_to_csv_bytes
from feedback.access import Viewer
from feedback.capture.surveys import parse_definition
from feedback.imports.mapping import ColumnMapping, mapping_problems
from feedback.imports.rows import ImportContext, PreparedRow, RejectedRow, prepare_rows
from feedback.imports.store import ImportTarget, Progress, StoreResult, store_rows
from feedback.models import Activity, Survey
from feedback.validation import ValidationError

REASON_COLUMN = "reason"
ROW_COLUMN = "row"


@dataclass(frozen=True)
class CheckedFile:
    """Every row of a file checked: those ready to store and those rejected with a reason."""

    good: tuple[PreparedRow, ...]
    rejected: tuple[RejectedRow, ...]

    @property
    def total(self) -> int:
        """Rows in the file."""
        return len(self.good) + len(self.rejected)


def survey_by_key(*, session: Session, key: str) -> Survey | None:
    """The newest active version of a survey by its key (form_id)."""
    query = select(Survey).where(Survey.key == key, Survey.active.is_(True)).order_by(Survey.id.desc())
    return session.scalars(query).first()


def import_context(
    *, session: Session, survey_key: str, activity_id: int, viewer: Viewer, today: dt.date | None = None
) -> tuple[ImportContext, ImportTarget]:
    """Check the survey and activity (in the viewer's scope) and say where the rows go."""
    viewer.require("import_responses")
    survey = survey_by_key(session=session, key=survey_key)
    activity = session.get(Activity, activity_id)
    errors = {}
    if survey is None:
        errors["survey"] = f"There is no active survey {survey_key!r}. Choose one of the surveys listed."
    if activity is None:
        errors["activity"] = f"There is no activity {activity_id}. Record the activity first, then import."
    elif not viewer.may_see_locality(activity.locality):
        errors["activity"] = "This activity belongs to another locality. Choose one of your own locality's."
    if errors:
        raise ValidationError(errors)
    context = ImportContext(
        survey_id=survey.id,
        definition=parse_definition(survey.definition, source=survey.key),
        activity_id=activity.id,
        locality=activity.locality,
        activity_date=activity.start_date,
        today=today or dt.date.today(),
    )
    target = ImportTarget(survey.id, survey.key, activity.id, viewer.user_id, activity.is_demo)
    return context, target


def check_file(
    frame: pd.DataFrame, mapping: ColumnMapping, context: ImportContext, progress: Progress | None = None
) -> CheckedFile:
    """Check the mapping, then every row; raise ValidationError when the mapping cannot be used."""
    problems = mapping_problems(mapping, list(frame.columns), context.definition)
    if problems:
        raise ValidationError({f"mapping.{i}": p for i, p in enumerate(problems)})
    good: list[PreparedRow] = []
    rejected: list[RejectedRow] = []
    for row in prepare_rows(frame, mapping, context, progress):
        (good if isinstance(row, PreparedRow) else rejected).append(row)
    return CheckedFile(tuple(good), tuple(rejected))


def rejected_frame(frame: pd.DataFrame, checked: CheckedFile) -> pd.DataFrame:
    """The rejected rows as they were in the file, with their row number first and the reason last."""
    numbers = [r.row_number for r in checked.rejected]
    out = frame.iloc[[n - 2 for n in numbers]].copy()
    out.insert(0, ROW_COLUMN, numbers)
    out[REASON_COLUMN] = [r.reason for r in checked.rejected]
    return out.reset_index(drop=True)


def rejected_csv(frame: pd.DataFrame, checked: CheckedFile) -> bytes:
    """The rejected rows file (CSV, UTF-8, cells that a spreadsheet would run as formulas neutralised)."""
    return frame_to_csv_bytes(rejected_frame(frame, checked))


def run_import(
    *,
    factory: sessionmaker[Session],
    checked: CheckedFile,
    target: ImportTarget,
    import_good_rows: bool,
    progress: Progress | None = None,
) -> StoreResult:
    """Store the good rows; with rejected rows, only when the person agreed to import the good ones alone."""
    if checked.rejected and not import_good_rows:
        raise ValidationError(
            {
                "rejected": f"{len(checked.rejected):,} of {checked.total:,} rows have problems. Fix them, "
                "or agree to import the other rows without them."
            }
        )
    return store_rows(
        factory=factory, rows=checked.good, target=target, total=len(checked.good), progress=progress
    )
