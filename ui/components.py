"""Shared widgets: touch-friendly styling, error summaries and messages."""

from __future__ import annotations

import html
import json
import logging
import re
import time
from collections.abc import Mapping

import streamlit as st

log = logging.getLogger(__name__)

TOUCH_CSS = """
<style>
/* Big touch targets for tablets (820x1180): at least 48px high, readable text. */
.stButton > button, .stFormSubmitButton > button, .stDownloadButton > button {
  min-height: 3.2rem; font-size: 1.1rem; padding: 0.5rem 1.2rem;
}
div[data-baseweb="select"] > div, .stTextInput input, .stNumberInput input, .stDateInput input {
  min-height: 3rem; font-size: 1.05rem;
}
.stTextArea textarea { font-size: 1.1rem; }
div[role="radiogroup"] label { min-height: 2.8rem; padding: 0.3rem 0.6rem; font-size: 1.05rem; }
.stCheckbox label { min-height: 2.6rem; font-size: 1.05rem; }
/* GOV.UK error pattern: the message at the field, red bar and bold red text (7.9:1 on white). */
.field-error { color: #9e1a12; font-weight: 700; border-left: 5px solid #b01e16; padding-left: 0.6rem;
  margin: 0.2rem 0 0.6rem; }
.field-error-prefix { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
/* Focus always visible (keyboard users): a thick yellow-and-black ring, as GOV.UK does. */
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible,
[role="combobox"]:focus-visible, [role="radio"]:focus-visible, [tabindex]:focus-visible,
label:has(input:focus-visible) {
  outline: 3px solid #ffdd00 !important; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c !important;
}
/* Disabled controls stay readable (7:1 on white), not Streamlit's faded grey. */
button:disabled, input:disabled, textarea:disabled, [aria-disabled="true"], button:disabled p,
[data-testid="stWidgetLabel"][aria-disabled="true"] p { color: #505a5f !important; opacity: 1 !important; }
/* Tables and labels wrap rather than being cut or scrolled sideways on a tablet. */
[data-testid="stWidgetLabel"] p { white-space: normal; overflow-wrap: anywhere; }
[data-testid="stTable"] td, [data-testid="stTable"] th { white-space: normal; overflow-wrap: anywhere; }
</style>
"""


def inject_css() -> None:
    """Add the app's touch-friendly styles to the page."""
    st.markdown(TOUCH_CSS, unsafe_allow_html=True)


def field_anchor(name: str) -> str:
    """The id of a field's error message (what the error summary links to)."""
    return "error-" + re.sub(r"[^A-Za-z0-9_-]+", "-", name)


def show_error_summary(errors: Mapping[str, str], labels: Mapping[str, str] | None = None) -> None:
    """The GOV.UK error summary: every problem at the top of the form, each linking to its field."""
    labels = labels or {}
    lines = "\n".join(
        f"- [**{labels.get(k, k.replace('_', ' ').capitalize())}**: {v}](#{field_anchor(k)})"
        for k, v in errors.items()
    )
    st.error(
        f"Nothing was saved yet. Please fix {len(errors)} thing{'s' if len(errors) != 1 else ''}:\n\n{lines}"
    )
    st.html(ERROR_LINKS_JS.replace("__NONCE__", str(time.time_ns())), unsafe_allow_javascript=True)


def field_error(errors: Mapping[str, str], key: str) -> None:
    """The message for one field, shown under it (the summary's link lands here, then on the field)."""
    if key in errors:
        st.markdown(
            f'<p class="field-error" id="{field_anchor(key)}"><span class="field-error-prefix">Error:</span> '
            f"{html.escape(errors[key], quote=False)}</p>",
            unsafe_allow_html=True,
        )


ERROR_LINKS_JS = """
<script>
(function () {
  // __NONCE__: a new summary runs this again, so it takes the focus (GOV.UK error summary).
  const summary = document.querySelector("[data-testid='stAlertContentError']");
  if (summary) {
    const box = summary.closest("[role='alert']") || summary;
    box.setAttribute("tabindex", "-1");
    box.focus();
  }
  if (window.__feedbackErrorLinks) { return; }
  window.__feedbackErrorLinks = true;
  const focusable = "input:not([type='hidden']), textarea, [role='combobox'], [role='radio'], button";
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#error-']");
    if (!link) { return; }
    const message = document.getElementById(link.getAttribute("href").slice(1));
    if (!message) { return; }
    event.preventDefault();
    event.stopPropagation();
    // The field is the nearest element before its message that can take the focus.
    let box = message.closest("[data-testid='stElementContainer'], .stElementContainer");
    let field = null;
    while (box && !field) {
      box = box.previousElementSibling;
      field = box && box.querySelector(focusable);
    }
    (field || message).scrollIntoView({block: "center"});
    if (field) { field.focus(); }
  }, true);
})();
</script>
"""


def show_database_error(what: str) -> None:
    """A plain message for a database failure; the details go to the log without personal data."""
    log.exception("database error while trying to %s", what)
    st.error(
        f"Sorry, we could not {what} because the database did not answer. Nothing you entered "
        "has been lost: try again in a moment, and tell an admin if it keeps happening."
    )


def char_counter(text: str, limit: int) -> None:
    """A live count of characters against the limit."""
    n = len(text)
    colour = "red" if n > limit else "gray"
    st.caption(f":{colour}[{n:,} / {limit:,} characters]")


LIVE_COUNTER_JS = """
<script>
(function () {
  window.__feedbackLimits = __LIMITS__;  // each page sets its own limits
  if (window.__feedbackCounters) { return; }
  window.__feedbackCounters = true;
  const fmt = (n) => n.toLocaleString("en-GB");
  function limitFor(box) {
    const limits = window.__feedbackLimits;
    for (const [prefix, limit] of Object.entries(limits)) {
      if (prefix !== "*" && box.className.includes("st-key-" + prefix)) { return limit; }
    }
    return limits["*"];
  }
  function attach(ta) {
    if (ta.dataset.feedbackCounter) { return; }
    const box = ta.closest("[data-testid='stElementContainer'], .stElementContainer") || ta.parentElement;
    const out = document.createElement("div");
    out.className = "feedback-counter";
    out.setAttribute("aria-live", "polite");
    box.appendChild(out);
    ta.dataset.feedbackCounter = "1";
    ta._feedbackCounter = out;
    ta._feedbackBox = box;
    ta.addEventListener("input", () => update(ta));
    update(ta);
  }
  function update(ta) {
    const n = ta.value.length, limit = limitFor(ta._feedbackBox), out = ta._feedbackCounter;
    const text = fmt(n) + " / " + fmt(limit) + " characters" + (n > limit ? ": too long, please shorten it" : "");
    if (out.textContent !== text) { out.textContent = text; }
    out.style.color = n > limit ? "#b00020" : "#555";
    out.style.fontWeight = n > limit ? "700" : "400";
  }
  const scan = () => document.querySelectorAll("textarea").forEach(attach);
  new MutationObserver(scan).observe(document.body, {childList: true, subtree: true});
  // Values the server sets (a cleared card) fire no input event: refresh twice a second.
  setInterval(() => document.querySelectorAll("textarea").forEach((ta) => {
    if (ta._feedbackCounter) { update(ta); }
  }), 500);
  scan();
})();
</script>
"""


def live_char_counters(limits: Mapping[str, int]) -> None:
    """A live 'n / limit characters' line under every text area, updated as people type.

    Args:
        limits: the limit per widget-key prefix; the key "*" is the limit for every other box.
    """
    st.html(LIVE_COUNTER_JS.replace("__LIMITS__", json.dumps(dict(limits))), unsafe_allow_javascript=True)


KIOSK_CSS = """
<style>
/* The kiosk: no app chrome, big plain text, big targets. */
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 860px; padding-top: 1.5rem; }
.kiosk-text p { font-size: 1.4rem; line-height: 1.55; }
.kiosk-progress { font-size: 1.1rem; color: #3d4348; margin: 0; }
.kiosk-hint p { font-size: 1.2rem; color: #444; }
.kiosk-picture { display: block; font-size: 3rem; line-height: 1.2; text-align: center; }
.kiosk-receipt { font-size: 3.4rem; font-weight: 700; letter-spacing: 0.25em; text-align: center;
  font-family: "DejaVu Sans Mono", monospace; border: 3px dashed #888; border-radius: 1rem;
  padding: 1rem; margin: 1rem 0; }
.kiosk-receipt-dash { margin: 0 0.4em; color: #666; }
.kiosk-countdown, .feedback-idle-warning p { font-size: 1.3rem; }
.feedback-countdown { font-weight: 700; }
.st-key-kiosk_idle_warning { position: fixed; top: 18vh; left: 50%; transform: translateX(-50%);
  width: min(92vw, 700px); z-index: 1000000; background: #fff; border: 5px solid #1d70b8;
  border-radius: 1rem; padding: 1.5rem 2rem; box-shadow: 0 0 0 100vmax rgba(0, 0, 0, 0.6); }
.feedback-idle-warning h2 { font-size: 2rem; margin: 0 0 0.5rem; }
.stButton > button { min-height: 4rem; }
.stButton > button p { font-size: 1.35rem; }
div[class*="_face_"] button { min-height: 6.5rem; }
div[class*="_face_"] button p { font-size: 1.6rem; }
[data-testid="InputInstructions"] { display: none; }
div[role="radiogroup"] label { font-size: 1.35rem; min-height: 3.4rem; }
.stCheckbox label { font-size: 1.35rem; min-height: 3.2rem; }
.stCheckbox label p, div[role="radiogroup"] label p { font-size: 1.35rem; }
.stTextArea textarea { font-size: 1.35rem; }
.st-key-kiosk_staff button { min-height: 2.2rem; }
.st-key-kiosk_staff button p { font-size: 0.95rem; }
</style>
"""


def inject_kiosk_css() -> None:
    """Hide the app chrome and enlarge everything for a respondent on a tablet."""
    st.markdown(KIOSK_CSS, unsafe_allow_html=True)


CAPTURE_CSS = """
<style>
/* Feedback cards: the prompt types as big tappable boxes. */
div[class*="st-key-card_type_"] div[role="radiogroup"] { gap: 0.6rem; }
div[class*="st-key-card_type_"] div[role="radiogroup"] label {
  border: 1px solid #bbb; border-radius: 0.6rem; padding: 0.7rem 1rem; min-height: 3.2rem; margin: 0;
}
div[class*="st-key-card_type_"] div[role="radiogroup"] label p { font-size: 1.15rem; }
div[class*="st-key-card_type_"] div[role="radiogroup"] label:has(input:checked) {
  border: 2px solid #8b2331; background: #fbeff1;
}
</style>
"""


def inject_capture_css() -> None:
    """Bigger targets for the quick-capture card form."""
    st.markdown(CAPTURE_CSS, unsafe_allow_html=True)


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Text escaped for st.markdown, so what people typed is shown as typed, never as formatting."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text)).replace("\n", " ")
