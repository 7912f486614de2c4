"""Text clean-up applied before any analysis: control characters out, Unicode NFC, trimmed."""

from __future__ import annotations

import re
import unicodedata

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_HORIZONTAL_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SPACES_AROUND_NEWLINE = re.compile(r"[ ]*\n[ ]*")
_MANY_NEWLINES = re.compile(r"\n{3,}")
# Characters _keep_char must look at: all but printable ASCII, newline and tab (always kept).
_SUSPECT = re.compile(r"[^\x20-\x7e\n\t]")


def _keep_char(char: str) -> bool:
    """Say whether a character survives: drop control, format-less noise and surrogates."""
    if char in "\n\t":
        return True
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Co", "Cn"):
        return False
    # Zero-width space, BOM and bidi overrides carry no meaning and can hide text.
    return char not in "\u200b\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _drop_unwanted(match: re.Match[str]) -> str:
    """Keep a suspect character if _keep_char allows it, else drop it."""
    char = match.group()
    return char if _keep_char(char) else ""


def clean_text(text: str | None) -> str:
    """Return the text NFC-normalised, without control characters, spaces tidied and trimmed.

    Never raises: None (or a non-string) gives "" or its string form. Newlines are kept
    (at most one blank line in a row); tabs and runs of spaces become one space. The
    length is not capped here: validation elsewhere does that.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        try:
            text = str(text)
        except Exception:  # a broken __str__ must not stop analysis
            return ""
    # Each step is skipped only when a cheap check shows it would change nothing.
    ascii_only = text.isascii()
    if not ascii_only or "\r" in text or "\x0b" in text or "\x0c" in text:
        text = _LINE_BREAKS.sub("\n", text)
    if _SUSPECT.search(text):
        text = _SUSPECT.sub(_drop_unwanted, text)
    if not ascii_only:
        text = unicodedata.normalize("NFC", text)
    if not ascii_only or "\t" in text or "  " in text:
        text = _HORIZONTAL_SPACE.sub(" ", text)
    if "\n" in text:
        text = _SPACES_AROUND_NEWLINE.sub("\n", text)
        text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()
