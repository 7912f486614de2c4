"""Which pages each role sees, grouped by section."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui.state import SignedInUser

ALL_ROLES = ("staff", "locality_lead", "reviewer", "admin")
CODERS = ("locality_lead", "admin")


@dataclass(frozen=True)
class PageSpec:
    """A page file, its title and icon, and who may open it."""

    section: str
    path: str
    title: str
    icon: str
    roles: tuple[str, ...]


PAGES: tuple[PageSpec, ...] = (
    PageSpec("Capture", "ui/activities.py", "Activities", ":material/event:", ALL_ROLES),
    PageSpec(
        "Capture",
        "ui/activity_edit.py",
        "Record an activity",
        ":material/edit_calendar:",
        ("staff", "locality_lead", "admin"),
    ),
    PageSpec(
        "Capture",
        "ui/cards.py",
        "Feedback cards",
        ":material/sticky_note_2:",
        ("staff", "locality_lead", "admin"),
    ),
    PageSpec(
        "Capture",
        "ui/kiosk_start.py",
        "Start a kiosk survey",
        ":material/tablet:",
        ("staff", "locality_lead", "admin"),
    ),
    PageSpec(
        "Review", "ui/overview.py", "Overview", ":material/dashboard:", ("locality_lead", "reviewer", "admin")
    ),
    PageSpec(
        "Review", "ui/statement.py", "Participation statement", ":material/table_view:", ("reviewer", "admin")
    ),
    PageSpec("Review", "ui/exports.py", "Exports", ":material/download:", ("reviewer", "admin")),
    PageSpec("Review", "ui/comments.py", "Comments and coding", ":material/rate_review:", CODERS),
    PageSpec("Review", "ui/safeguarding.py", "Safeguarding review", ":material/health_and_safety:", CODERS),
    PageSpec(
        "Review", "ui/actions.py", "Actions", ":material/task_alt:", ("locality_lead", "reviewer", "admin")
    ),
    PageSpec(
        "Review",
        "ui/you_said_we_did.py",
        "You said, we did",
        ":material/campaign:",
        ("locality_lead", "reviewer", "admin"),
    ),
    PageSpec("Admin", "ui/partners.py", "Partners", ":material/handshake:", ("admin",)),
    PageSpec("Admin", "ui/codebook.py", "Theme codebook", ":material/category:", ("admin",)),
    PageSpec("Admin", "ui/emergent.py", "Emergent themes", ":material/bubble_chart:", ("admin",)),
    PageSpec("Admin", "ui/rescore.py", "Re-score comments", ":material/refresh:", ("admin",)),
    PageSpec("Admin", "ui/settings_page.py", "Settings", ":material/tune:", ("admin",)),
    PageSpec("Admin", "ui/users.py", "Users and roles", ":material/manage_accounts:", ("admin",)),
    PageSpec("Admin", "ui/audit_log.py", "Audit log", ":material/history:", ("admin",)),
    PageSpec(
        "Admin", "ui/privacy.py", "Subject requests and retention", ":material/privacy_tip:", ("admin",)
    ),
    PageSpec("Account", "ui/account.py", "Change my PIN", ":material/pin:", ALL_ROLES),
    PageSpec("Account", "ui/sign_out.py", "Sign out", ":material/logout:", ALL_ROLES),
)


def pages_for(user: SignedInUser) -> dict[str, list[st.Page]]:
    """The navigation sections for a user's role."""
    sections: dict[str, list[st.Page]] = {}
    for spec in PAGES:
        if user.role in spec.roles:
            sections.setdefault(spec.section, []).append(st.Page(spec.path, title=spec.title, icon=spec.icon))
    return sections
