"""Admin-set values stored in the database: the small-number suppression threshold."""

from __future__ import annotations

from sqlalchemy.orm import Session

from analysis.suppression import MIN_K as MIN_SUPPRESSION_K
from feedback.admin import audit
from feedback.models import AppSetting
from feedback.settings import get_settings
from feedback.validation import ValidationError

SUPPRESSION_K_KEY = "suppression_k"
MAX_SUPPRESSION_K = 100


def default_suppression_k() -> int:
    """The threshold from the environment (FEEDBACK_SUPPRESSION_K, 10 unless set)."""
    return max(MIN_SUPPRESSION_K, get_settings().suppression_k)


def get_suppression_k(*, session: Session) -> int:
    """The threshold in force: the admin's value if stored and usable, else the default; never below 5."""
    row = session.get(AppSetting, SUPPRESSION_K_KEY)
    if row is None:
        return default_suppression_k()
    try:
        value = int(row.value)
    except ValueError:
        return default_suppression_k()
    return max(MIN_SUPPRESSION_K, value)


def set_suppression_k(*, session: Session, k: int, user_id: int | None) -> int:
    """Store the admin's threshold (5 to 100) and audit the change; return the stored value."""
    if isinstance(k, bool) or not isinstance(k, int) or not MIN_SUPPRESSION_K <= k <= MAX_SUPPRESSION_K:
        raise ValidationError(
            {"suppression_k": f"Choose a whole number from {MIN_SUPPRESSION_K} to {MAX_SUPPRESSION_K}."}
        )
    row = session.get(AppSetting, SUPPRESSION_K_KEY)
    old = None if row is None else row.value
    if row is None:
        session.add(AppSetting(key=SUPPRESSION_K_KEY, value=str(k)))
    else:
        row.value = str(k)
    session.flush()
    audit.record(
        session=session,
        user_id=user_id,
        event="setting.update",
        object_type="app_setting",
        object_id=SUPPRESSION_K_KEY,
        detail={"old": old, "new": k},
    )
    return k
