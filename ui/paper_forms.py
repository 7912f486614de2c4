"""Paper forms on the import page: a survey as a PDF with a code per copy, its typing-up spreadsheet, card sheets."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.exports import frame_to_xlsx_bytes
from feedback.capture.surveys import SurveyDefinition
from feedback.imports.paper import card_sheet_pdf, paper_mapping, survey_pdf, typing_headings
from feedback.imports.saved import save_mapping
from ui.forms import attempt

PAPER_KEY = "imp_paper_files"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _make(definition: SurveyDefinition, copies: int, language: str, user_id: int) -> None:
    pdf, codes = survey_pdf(definition, copies=copies, language=language)
    frame = pd.DataFrame({h: codes if h == "form_code" else "" for h in typing_headings(definition)})
    name = f"Paper form: {definition.key}"
    outcome = attempt(
        "save the paper-form mapping",
        lambda s: save_mapping(session=s, name=name, mapping=paper_mapping(definition), user_id=user_id),
    )
    if outcome.ok:
        st.session_state[PAPER_KEY] = {
            "pdf": pdf,
            "xlsx": frame_to_xlsx_bytes(frame, sheet_name="Typed up"),
            "key": definition.key,
            "mapping": name,
        }


@st.cache_data(show_spinner=False)
def _blank_cards() -> bytes:
    """A blank card sheet (no personal data: safe in the shared cache)."""
    return card_sheet_pdf(cards=8)[0]


def paper_forms(definition: SurveyDefinition, user_id: int) -> None:
    """Print the chosen survey as paper forms (and the spreadsheet to type them into), or blank cards."""
    with st.expander("Print paper forms or blank feedback cards"):
        st.caption(
            "Each form gets its own code. Type the forms up in the spreadsheet given with them (the words "
            "in [brackets] are what to type), then import it here with the saved mapping "
            f"'Paper form: {definition.key}'."
        )
        copies = st.number_input(
            "How many forms", min_value=1, max_value=500, value=10, key="imp_paper_copies"
        )
        language = st.selectbox("Language", list(definition.languages), key="imp_paper_language")
        if st.button("Make the paper forms", key="imp_paper_make"):
            _make(definition, int(copies), language, user_id)
        made = st.session_state.get(PAPER_KEY)
        if made and made["key"] == definition.key:
            st.download_button(
                "Download the forms (PDF)",
                made["pdf"],
                f"{definition.key}-forms.pdf",
                mime="application/pdf",
                key="imp_paper_pdf",
            )
            st.download_button(
                "Download the typing-up spreadsheet",
                made["xlsx"],
                f"{definition.key}-typed.xlsx",
                mime=XLSX_MIME,
                key="imp_paper_xlsx",
            )
        st.download_button(
            "Download 8 blank feedback cards (PDF)",
            _blank_cards(),
            "feedback-cards.pdf",
            mime="application/pdf",
            key="imp_cards_pdf",
        )
