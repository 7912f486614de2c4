"""Free text on its way into a published document: redacted the same way as comments are."""

from __future__ import annotations

from analysis.redaction import redact


def redact_published(text: str | None) -> str:
    """The text as it may be published: names, phone numbers, postcodes... masked (design section 6)."""
    if not text:
        return ""
    return redact(str(text))
