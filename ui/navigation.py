"""The app's pages, grouped by section; who opens each comes from feedback.access."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from feedback.access import may_open
from ui.state import SignedInUser


@dataclass(frozen=True)
class PageSpec:
    """A page file, its id in feedback.access.PAGES, its section, title and icon."""

    page_id: str
    section: str
    title: str
    icon: str

    @property
    def path(self) -> str:
        """The page's script, relative to the repository root."""
        return f"ui/{'settings_page' if self.page_id == 'settings' else self.page_id}.py"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("activities", "Capture", "Activities", ":material/event:"),
    PageSpec("activity_edit", "Capture", "Record an activity", ":material/edit_calendar:"),
    PageSpec("cards", "Capture", "Feedback cards", ":material/sticky_note_2:"),
    PageSpec("kiosk_start", "Capture", "Start a kiosk survey", ":material/tablet:"),
    PageSpec("import_responses", "Capture", "Import responses", ":material/upload_file:"),
    PageSpec("overview", "Review", "Overview", ":material/dashboard:"),
    PageSpec("statement", "Review", "Participation statement", ":material/table_view:"),
    PageSpec("exports", "Review", "Exports", ":material/download:"),
    PageSpec("comments", "Review", "Comments and coding", ":material/rate_review:"),
    PageSpec("reading", "Review", "To read", ":material/inbox:"),
    PageSpec("safeguarding", "Review", "Safeguarding alerts", ":material/health_and_safety:"),
    PageSpec("actions", "Review", "Actions", ":material/task_alt:"),
    PageSpec("you_said_we_did", "Review", "You said, we did", ":material/campaign:"),
    PageSpec("partners", "Admin", "Partners", ":material/handshake:"),
    PageSpec("codebook", "Admin", "Theme codebook", ":material/category:"),
    PageSpec("emergent", "Admin", "Emergent themes", ":material/bubble_chart:"),
    PageSpec("rescore", "Admin", "Re-score comments", ":material/refresh:"),
    PageSpec("settings", "Admin", "Settings", ":material/tune:"),
    PageSpec("users", "Admin", "Users and roles", ":material/manage_accounts:"),
    PageSpec("audit_log", "Admin", "Audit log", ":material/history:"),
    PageSpec("privacy", "Admin", "Subject requests and retention", ":material/privacy_tip:"),
    PageSpec("accessibility", "Account", "Accessibility statement", ":material/accessibility:"),
    PageSpec("account", "Account", "Change my PIN", ":material/pin:"),
    PageSpec("sign_out", "Account", "Sign out", ":material/logout:"),
)


def pages_for(user: SignedInUser) -> dict[str, list[st.Page]]:
    """The navigation sections for a user's role."""
    sections: dict[str, list[st.Page]] = {}
    for spec in PAGES:
        if may_open(user.role, spec.page_id):
            sections.setdefault(spec.section, []).append(st.Page(spec.path, title=spec.title, icon=spec.icon))
    return sections


def signed_out_pages() -> list[st.Page]:
    """What a signed-out browser may open: the sign-in page and the accessibility statement."""
    return [
        st.Page("ui/sign_in.py", title="Sign in", default=True),
        st.Page("ui/accessibility.py", title="Accessibility statement", icon=":material/accessibility:"),
    ]
