"""Mask personal identifiers in free text; favours recall (a missed identifier is worse)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

import phonenumbers

from analysis.anchor_index import AnchorIndex
from analysis.anchors import regex_anchors
from analysis.names import mask_names

_I = re.IGNORECASE
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"

EMAIL = re.compile(r"[\w.+'\-]+@[\w\-]+(?:\.[\w\-]+)+", _I)
HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")
_DOT = r"(?:\s*(?:\bdot\b|\(dot\)|\[dot\])\s*|\.)"
SPOKEN_EMAIL = re.compile(
    r"\b[\w'+\-]+(?:(?:" + _DOT + r"|\s*(?:\bunderscore\b|_)\s*)[\w'+\-]+)*"
    r"\s*(?:\bat\b|\(at\)|\[at\])\s*[\w\-]+(?:"
    + _DOT
    + r"[\w\-]+)*"
    + _DOT
    + r"(?:com|co|uk|org|net|scot|gov|ac|ie|io|me|info)\b(?:"
    + _DOT
    + r"uk\b)?",
    _I,
)
# Current (SK19 ABC) and older prefix (A123 BCD) and suffix (ABC 123D) number plates.
VEHICLE_REG = re.compile(
    r"\b(?:[A-Z]{2}\d{2}\s?[A-Z]{3}|[A-HJ-NP-Y]\d{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?\d{1,3}[A-HJ-NP-Y])\b"
)
VEHICLE_REG_LOWER = re.compile(r"\b[a-z]{2}\d{2}\s?[a-z]{3}\b", _I)
_NOT_COUNT = (
    r"(?!\s*(?:weeks?|days?|hours?|hrs?|times?|mins?|minutes?|months?|years?|people|folk|men|women|of)\b)"
)
PRISON_PLACE = re.compile(
    r"\b(?:hall|cell|wing|landing|block|flat)\s*(?:no\.?\s*|number\s*)?\d{1,3}[a-z]?\b" + _NOT_COUNT,
    _I,
)
LETTER_HALL = re.compile(r"\b[A-H]\s*-?\s*(?:[Hh]all|[Ww]ing)\b|\b(?:hall|wing)\s+[A-H]\b", _I)
_HALL_CUE = re.compile(r"hall|wing", _I)
NINO = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ \-]?\d{2}[ \-]?\d{2}[ \-]?\d{2}[ \-]?[A-D]?\b",
    _I,
)
POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b", _I)
CHI_CANDIDATE = re.compile(r"(?<![\d£$€.,])(\d{6})[ \-]?(\d{4})(?![\d,.]?\d)")
NUMERIC_DATE = re.compile(
    rf"\b{_DAY}[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:{_YEAR}|\d{{2}})\b"
    rf"|\b{_YEAR}-(?:0?[1-9]|1[0-2])-{_DAY}\b"
)
DAY_MONTH = re.compile(rf"\b{_DAY}{_ORDINAL}(?:\s+of)?\s+{_MONTHS}\b\.?(?:,?\s+{_YEAR}\b)?", _I)
MONTH_DAY = re.compile(rf"\b{_MONTHS}\.?\s+{_DAY}({_ORDINAL})\b(,?\s+{_YEAR}\b)?", _I)
BIRTH_CUE = re.compile(
    r"\b(born(?:\s+(?:on|in))?|d\.?o\.?b\.?|date\s+of\s+birth|birthday)(\s*(?:is|was|:)?\s*)"
    rf"((?:{_MONTHS}\s+)?{_YEAR}|\d{{6}}|\d{{8}})\b",
    _I,
)
CUED_REF = re.compile(
    r"\b((?:prisoner|prison|inmate|case|pnc|cro|crn|sps|reference|ref|claim|client|"
    r"account|tenancy|booking|warrant|crime|incident|order|file|patient|hospital|"
    r"customer|payroll|id|chi|nhs)"
    r"(?:\s+(?:no\.?|number|num|ref|reference|id|#))?\s*(?:is\s+)?[:#.]?\s*)"
    r"([A-Z0-9][A-Z0-9/\-]*\d[A-Z0-9/\-]*)\b",
    _I,
)
PHONE_FALLBACK = re.compile(
    r"(?<![\w+])(?:(?:\+|00)?44[\s\-]?(?:\(0\)[\s\-]?)?|\(?0)\d(?:[\s\-\)]{0,2}\d){8,9}(?!\d)"
)
_STREETS = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Drive|Dr|Crescent|Cres|Court|Ct|Place|Pl|Gardens|"
    r"Gdns|Terrace|Terr|Way|Lane|Ln|Wynd|Close|View|Park|Grove|Square|Sq|Row|Walk|Brae|"
    r"Loan|Gate|Hill|Green|Circle|Quadrant|Mews|Vale|Rise|Parade|Boulevard|Loaning)"
)
_NOT_STREET_WORD = (
    r"(?!(?:hours?|hrs?|mins?|minutes?|times?|days?|weeks?|months?|years?|miles?|doors?|"
    r"people|folk|of|on|the|in|up|down|at|to|a|and|or|out|more|weans|kids|pounds|quid)\b)"
)
_FLAT = r"(?:(?:(?:flat|fl|apartment|apt)\.?\s*\d+(?:/\d+|[a-z])?|\d{1,2}/\d{1,2})\s*,?\s*)?"
_HOUSE_NUMBER = r"\b\d{1,4}[a-zA-Z]?(?:\s*[-/]\s*\d{1,4}[a-zA-Z]?)?,?\s+"
ADDRESS = re.compile(
    rf"(?i:{_FLAT}){_HOUSE_NUMBER}(?:[A-Z][\w'’\-]*\s+){{1,3}}{_STREETS}\b\.?"
    rf"|(?i:{_FLAT}{_HOUSE_NUMBER}(?:{_NOT_STREET_WORD}[a-z][\w'’]*\s+){{1,2}}"
    r"(?:street|st|road|rd|avenue|ave|crescent|cres|terrace|gardens|gdns|wynd)\b\.?)"
)
FLAT_ONLY = re.compile(r"\b(?:flat|fl)\.?\s*\d+/\d+\b", _I)
ALNUM_ID = re.compile(
    r"(?<![\w/\-])(?=[A-Z0-9/\-]*\d)(?=[A-Z0-9/\-]*[A-Z])[A-Z0-9][A-Z0-9/\-]{3,}[A-Z0-9]"
    r"(?![\w/\-])",
    _I,
)
_TIME_OR_ORDINAL = re.compile(
    r"(?:\d{1,2}(?::\d\d)?(?:am|pm)?(?:-\d{1,2}(?::\d\d)?(?:am|pm)?)?|\d+(?:st|nd|rd|th)"
    r"|[a-z]+-\d{1,2}|\d{1,2}-[a-z]+)",
    _I,
)
DIGIT_RUN = re.compile(r"(?<![£$€\d.,])\d{5,}(?![.,]?\d)")
SPACED_DIGITS = re.compile(r"(?<![\d£$€])\d{3,5}(?:[ \-]\d{3,5}){2,4}(?!\d)")
_MIN_PHONE_DIGITS = 9


def chi_is_valid(digits: str) -> bool:
    """Say whether ten digits form a valid CHI: DDMMYY date and modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    try:
        date(2000 + year, month, day)
    except ValueError:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _mask_chi(text: str) -> str:
    """Replace valid CHI numbers (optionally written 6+4 digits) with [CHI]."""

    def replace(match: re.Match[str]) -> str:
        return "[CHI]" if chi_is_valid(match.group(1) + match.group(2)) else match.group()

    return CHI_CANDIDATE.sub(replace, text)


def _mask_month_day(match: re.Match[str]) -> str:
    """Mask "March 12th 1985" but not "may 10 people" (lowercase may, no ordinal, no year)."""
    word = match.group().split()[0]
    if word == "may" and not match.group(1) and not match.group(2):
        return match.group()
    return "[DATE]"


def _mask_phones(text: str) -> str:
    """Replace UK phone numbers with [PHONE] using phonenumbers, then a regex fallback."""
    if sum(map(str.isdigit, text)) >= _MIN_PHONE_DIGITS:
        spans = []
        for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
            raw = match.raw_string
            if sum(char.isdigit() for char in raw) >= _MIN_PHONE_DIGITS and "/" not in raw:
                spans.append((match.start, match.end))
        for start, end in reversed(spans):
            text = text[:start] + "[PHONE]" + text[end:]
    return PHONE_FALLBACK.sub("[PHONE]", text)


def _mask_letter_hall(match: re.Match[str]) -> str:
    """Mask "B hall" and "hall C" but not "a hall" (the article)."""
    letter = (
        match.group().strip()[0] if match.group()[0].isalpha() and len(match.group().split()[0]) == 1 else ""
    )
    if letter.lower() == "a" and match.group()[0] == "a":
        return match.group()
    if match.group().lower().startswith(("hall a", "wing a")) and match.group()[-1] == "a":
        return match.group()
    return "[REF]"


def _mask_alnum_ids(match: re.Match[str]) -> str:
    """Mask ids mixing letters and at least three digits, sparing times and ordinals."""
    token = match.group()
    if _TIME_OR_ORDINAL.fullmatch(token) or sum(char.isdigit() for char in token) < 3:
        return token
    return "[REF]"


class _Step:
    """One substitution, run only if the text has enough digits and its anchor words.

    ``min_digits`` is the fewest digits any match needs (so a text with fewer is left as it
    is); ``anchored`` checks the words a pattern needs (see ``analysis.anchors``). Both
    only skip work that would change nothing.
    """

    def __init__(
        self,
        pattern: re.Pattern[str] | None,
        replacement: str | Callable[[re.Match[str]], str] | Callable[[str], str],
        min_digits: int,
        anchored: bool = False,
    ) -> None:
        """Store the pattern (None: ``replacement`` is a whole-text function) and its limits."""
        self.pattern = pattern
        self.replacement = replacement
        self.min_digits = min_digits
        anchors = regex_anchors(pattern.pattern) if anchored and pattern is not None else None
        self.index = AnchorIndex([anchors]) if anchors is not None else None

    def __call__(self, text: str, digits: int) -> str:
        """Apply the step to a text holding ``digits`` digits (or more, never fewer)."""
        if digits < self.min_digits:
            return text
        if self.index is not None and self.index.possible(text) == set():
            return text
        if self.pattern is None:
            return self.replacement(text)
        return self.pattern.sub(self.replacement, text)


# Order matters: dates and NI before postcodes, CHI before phones, phones before long runs.
# Digit minimums: a year has 4, NI 6, a CHI 10, a phone 9, three spaced groups 9, a run 5.
_DIGIT_STEPS: tuple[_Step, ...] = (
    _Step(BIRTH_CUE, r"\1\2[DATE]", 4, anchored=True),
    _Step(NUMERIC_DATE, "[DATE]", 4),
    _Step(DAY_MONTH, "[DATE]", 1, anchored=True),
    _Step(MONTH_DAY, _mask_month_day, 1, anchored=True),
    _Step(NINO, "[NINO]", 6),
    _Step(VEHICLE_REG, "[REF]", 1),
    _Step(VEHICLE_REG_LOWER, "[REF]", 2),
    _Step(POSTCODE, "[POSTCODE]", 1),
    _Step(None, _mask_chi, 10),
    _Step(
        CUED_REF,
        lambda m: m.group() if m.group().lower().replace(" ", "") == "nhs24" else m.group(1) + "[REF]",
        1,
        anchored=True,
    ),
    _Step(None, _mask_phones, _MIN_PHONE_DIGITS),
    _Step(ADDRESS, "[ADDRESS]", 1, anchored=True),
    _Step(FLAT_ONLY, "[ADDRESS]", 2, anchored=True),
    _Step(PRISON_PLACE, "[REF]", 1, anchored=True),
    _Step(ALNUM_ID, _mask_alnum_ids, 3),
    _Step(SPACED_DIGITS, "[REF]", 9),
    _Step(DIGIT_RUN, "[REF]", 5),
)
_ASCII_DIGIT = re.compile(r"[0-9]")
_SPOKEN_EMAIL_CUE = re.compile(r"\bdot\b|\(dot\)|\[dot\]", _I)


def _digit_count(text: str) -> int:
    """Count the characters str.isdigit accepts (0 quickly for ASCII text without digits)."""
    if text.isascii() and not _ASCII_DIGIT.search(text):
        return 0
    return sum(map(str.isdigit, text))


def redact(text: str, *, names: Iterable[str] = ()) -> str:
    """Replace personal identifiers in ``text`` with placeholders such as ``[NAME]``.

    Args:
        text: The comment (ideally already passed through ``clean_text``).
        names: Names the app knows (staff, participants) to mask wherever they appear.

    Returns:
        The text with names, phones, e-mails, postcodes, addresses, dates, NI, CHI and
        reference numbers replaced by ``[NAME]``, ``[PHONE]``... Never raises on odd input.
    """
    if not isinstance(text, str):
        return "" if text is None else str(text)
    if not text.strip():
        return text
    if "@" in text:
        text = HANDLE.sub("[NAME]", EMAIL.sub("[EMAIL]", text))
    if _SPOKEN_EMAIL_CUE.search(text):
        text = SPOKEN_EMAIL.sub("[EMAIL]", text)
    if _HALL_CUE.search(text):
        text = LETTER_HALL.sub(_mask_letter_hall, text)
    digits = _digit_count(text)
    if digits:
        for step in _DIGIT_STEPS:
            text = step(text, digits)
    return mask_names(text, names=names)
