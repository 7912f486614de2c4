"""SQLAlchemy 2.x typed models: the data model of design section 2, one module per part of the app.

Importing this package registers every table on ``Base.metadata`` (Alembic and the tests read it).
"""

from feedback.models.admin import Action, ActionComment, AppSetting, AuditEvent, StaffSession, User
from feedback.models.base import Base, new_uuid, utcnow
from feedback.models.capture import (
    Activity,
    ActivityPartner,
    Answer,
    Attendance,
    KioskDevice,
    Partner,
    Submission,
    Survey,
)
from feedback.models.comments import Comment, CommentTheme, SafeguardingAlert, Theme
from feedback.models.imports import ImportMapping
from feedback.models.summaries import CUBES, Cube, DataVersion, cube_table

__all__ = [
    "CUBES",
    "Action",
    "ActionComment",
    "Activity",
    "ActivityPartner",
    "Answer",
    "AppSetting",
    "Attendance",
    "AuditEvent",
    "Base",
    "Comment",
    "CommentTheme",
    "Cube",
    "DataVersion",
    "ImportMapping",
    "KioskDevice",
    "Partner",
    "SafeguardingAlert",
    "StaffSession",
    "Submission",
    "Survey",
    "Theme",
    "User",
    "cube_table",
    "new_uuid",
    "utcnow",
]
