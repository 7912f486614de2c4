"""Who may do what, defined once: roles, the pages each opens, the actions each takes, locality scope.

Navigation, page guards, services and the command line all read these tables; nothing else
spells out a role. A locality lead is scoped to their own locality; everyone else sees all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

STAFF: Final = "staff"
LOCALITY_LEAD: Final = "locality_lead"
REVIEWER: Final = "reviewer"
ADMIN: Final = "admin"

ROLES: dict[str, str] = {
    STAFF: "Staff",
    LOCALITY_LEAD: "Locality lead",
    REVIEWER: "Partnership reviewer",
    ADMIN: "Admin",
}
ALL_ROLES: tuple[str, ...] = tuple(ROLES)
SCOPED_ROLES: tuple[str, ...] = (LOCALITY_LEAD,)  # roles limited to their own locality

# What each role may do. Services check these; pages are guarded by PAGES below.
ACTIONS: dict[str, tuple[str, ...]] = {
    "capture": (STAFF, LOCALITY_LEAD, ADMIN),  # record activities, cards, start a kiosk
    "code_comments": (LOCALITY_LEAD, ADMIN),  # see raw text, code, approve quotes
    "first_read": (LOCALITY_LEAD, ADMIN),  # read every new comment once, flag or clear flags
    "import_responses": (STAFF, ADMIN),  # import spreadsheets of responses, save column mappings
    "receive_alerts": (STAFF, LOCALITY_LEAD, ADMIN),  # alerts about what they captured or lead
    "manage_actions": (LOCALITY_LEAD, REVIEWER, ADMIN),
    "view_reports": (LOCALITY_LEAD, REVIEWER, ADMIN),
    "publish_statement": (REVIEWER, ADMIN),
    "export": (REVIEWER, ADMIN),
    "export_safeguarding": (ADMIN,),  # flagged comments in the comment export
    "edit_codebook": (ADMIN,),
    "manage_partners": (ADMIN,),
    "manage_users": (ADMIN,),
    "change_settings": (ADMIN,),
    "rescore": (ADMIN,),
    "read_audit_log": (ADMIN,),
    "handle_subject_requests": (ADMIN,),
    "erase_submission": (ADMIN,),  # delete a card or kiosk response for good, with a reason
    "change_own_pin": ALL_ROLES,
}

# Which pages each role opens: page id -> the action that opens it.
PAGES: dict[str, str] = {
    "activities": "change_own_pin",  # every signed-in role sees the activity list
    "activity_edit": "capture",
    "cards": "capture",
    "kiosk_start": "capture",
    "import_responses": "import_responses",
    "overview": "view_reports",
    "statement": "publish_statement",
    "exports": "export",
    "comments": "code_comments",
    "safeguarding": "receive_alerts",
    "reading": "first_read",
    "actions": "manage_actions",
    "you_said_we_did": "manage_actions",
    "partners": "manage_partners",
    "codebook": "edit_codebook",
    "emergent": "edit_codebook",
    "rescore": "rescore",
    "settings": "change_settings",
    "users": "manage_users",
    "audit_log": "read_audit_log",
    "privacy": "handle_subject_requests",
    "account": "change_own_pin",
    "accessibility": "change_own_pin",  # also open to everyone signed out (ui/navigation.py)
    "sign_out": "change_own_pin",
}


class NotAllowedError(PermissionError):
    """The viewer's role or locality does not allow this (the message holds no personal data)."""


def may(role: str, action: str) -> bool:
    """True when the role may take the action; an unknown action is a programming error."""
    return role in ACTIONS[action]


def roles_for(action: str) -> tuple[str, ...]:
    """The roles that may take an action."""
    return ACTIONS[action]


def may_open(role: str, page: str) -> bool:
    """True when the role may open the page (by page id)."""
    return may(role, PAGES[page])


def is_scoped(role: str) -> bool:
    """True when the role sees only its own locality."""
    return role in SCOPED_ROLES


@dataclass(frozen=True)
class Viewer:
    """Who is asking: enough to scope queries and check permissions."""

    user_id: int | None
    role: str
    locality: str | None = None

    def may(self, action: str) -> bool:
        """True when the viewer's role may take the action."""
        return may(self.role, action)

    def require(self, action: str) -> None:
        """Raise NotAllowedError unless the viewer's role may take the action."""
        if not self.may(action):
            raise NotAllowedError("Your role cannot do this. Ask an admin if you need it.")

    @property
    def is_coder(self) -> bool:
        """Locality leads and admins may code comments and approve quotes."""
        return self.may("code_comments")

    @property
    def locality_scope(self) -> str | None:
        """The one locality a scoped role is limited to; None for everyone else."""
        return self.locality if is_scoped(self.role) else None

    def may_see_locality(self, locality: str) -> bool:
        """True when records of this locality are within the viewer's scope."""
        scope = self.locality_scope
        return scope is None or scope == locality


SYSTEM = Viewer(user_id=None, role=ADMIN)  # the command line and the demo loader act as admin
