"""Start a kiosk survey: staff choose the survey and where it is taken, then lock the tablet."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.orm import Session

from analysis.params import LOCALITIES
from feedback.capture.activities import list_activities
from feedback.capture.kiosk_devices import open_device
from feedback.capture.lookups import list_active_surveys, translation_notes
from ui.forms import attempt, load, short_date
from ui.state import KIOSK_KEY, end_server_session, require_page, viewer_of


def _choices(session: Session) -> tuple[dict[int, str], dict[int, tuple[str, str]]]:
    """Active surveys (id -> label) and recent activities (id -> (label, locality))."""
    surveys = {s.id: f"{s.title} (version {s.version})" for s in list_active_surveys(session=session)}
    activities = {
        a.id: (
            f"{a.title} · {short_date(a.start_date)} · {LOCALITIES.get(a.locality, a.locality)}",
            a.locality,
        )
        for a in list_activities(session=session, viewer=viewer_of(user), limit=200)
    }
    return surveys, activities


user = require_page("kiosk_start")
st.title("Start a kiosk survey")
st.markdown(
    "The tablet will show only this survey until you close it. To close it, tap **Staff** at the bottom "
    "of the survey and enter **your** PIN."
)
surveys, activities = load("list the surveys", _choices)
if not surveys:
    st.warning("There is no active survey. Ask an admin to add one.")
    st.stop()

survey_id = st.selectbox("Survey", list(surveys), format_func=surveys.get, key="ks_survey")
for note in load("read the survey", lambda s: translation_notes(session=s, survey_id=survey_id)):
    st.warning(note, icon=":material/translate:")
wanted = st.session_state.get("activity_id")
if wanted in activities and "ks_activity" not in st.session_state:
    st.session_state["ks_activity"] = wanted
activity_id = st.selectbox(
    "Activity (optional)",
    list(activities),
    format_func=lambda i: activities[i][0],
    index=None,
    placeholder="Not part of an activity",
    key="ks_activity",
)
if activity_id is not None:
    locality = activities[activity_id][1]
    st.markdown(f"Locality: **{LOCALITIES.get(locality, locality)}** (from the activity)")
else:
    if "ks_locality" not in st.session_state and user.locality:
        st.session_state["ks_locality"] = user.locality
    scope = viewer_of(user).locality_scope  # a locality lead starts kiosks only in their locality
    locality = st.selectbox(
        "Locality",
        [scope] if scope else list(LOCALITIES),
        format_func=LOCALITIES.get,
        index=None,
        placeholder="Choose where the survey is taken",
        key="ks_locality",
    )

if st.button("Start kiosk", key="ks_start", type="primary", width="stretch", icon=":material/tablet:"):
    if locality is None:
        st.error("Choose the locality where the survey is taken, or choose an activity.")
    else:
        outcome = attempt(
            "start the kiosk",
            lambda s: open_device(
                session=s,
                survey_id=survey_id,
                locality=locality,
                staff_user_id=user.id,
                activity_id=activity_id,
            ),
        )
        if outcome.ok:
            # The tablet is now the kiosk's: the staff sign-in ends (on every tab) and nothing of
            # this session stays; the staff member's PIN closes the kiosk and signs them in again.
            end_server_session()
            for key in list(st.session_state.keys()):
                del st.session_state[key]
            st.session_state[KIOSK_KEY] = outcome.value
            st.rerun()
