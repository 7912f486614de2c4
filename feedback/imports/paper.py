"""Paper versions: a survey as a printable PDF form (a short code on each copy, laid out to be typed up
into a spreadsheet that imports with the paper-form mapping), and a blank feedback-card sheet."""

from __future__ import annotations

import secrets
from pathlib import Path

from fpdf import FPDF

from analysis.params import LOCALITIES, QUESTION_TYPES, STAKEHOLDER_GROUPS
from feedback.capture.submissions import RECEIPT_ALPHABET
from feedback.capture.surveys import Question, SurveyDefinition
from feedback.imports.mapping import ColumnMapping

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
DETAIL_COLUMNS = {  # typed-up spreadsheet heading -> what it holds
    "form_code": "@response_id",
    "date": "@date",
    "locality": "@locality",
    "consent": "@consent",
    "quote_permission": "@quote_permission",
}
CARD_KINDS = {
    "working_well": "Working well",
    "could_improve": "Could be better",
    "idea": "An idea",
    "general": "Something else",
}
BOX = "[  ]"


def form_code(prefix: str = "P") -> str:
    """A short code for one paper form, typed into the form_code column (it keeps re-imports single)."""
    return prefix + "-" + "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(6))


def typing_headings(definition: SurveyDefinition) -> list[str]:
    """The spreadsheet headings to type a paper form into, in the order the form shows them."""
    return [*DETAIL_COLUMNS, *(q.name for q in definition.questions if q.is_input)]


def paper_mapping(definition: SurveyDefinition) -> ColumnMapping:
    """The saved mapping for typed-up paper forms of this survey."""
    columns = {**DETAIL_COLUMNS, **{q.name: q.name for q in definition.questions if q.is_input}}
    return ColumnMapping(survey_key=definition.key, columns=columns)


class _Pdf(FPDF):
    """A4 portrait with a font that has Polish letters when the system has DejaVu (else Helvetica)."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_auto_page_break(auto=True, margin=15)
        self.unicode = (FONT_DIR / "DejaVuSans.ttf").exists()
        if self.unicode:
            self.add_font("body", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.family = "body" if self.unicode else "helvetica"
        self.code = ""

    def footer(self) -> None:
        """The form's code on every page, so a loose page still belongs to its form."""
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.cell(0, 6, self.text_for(f"Form code {self.code} - page {self.page_no()}"), align="C")

    def text_for(self, text: str) -> str:
        """Text the font can draw (without DejaVu, letters outside Latin-1 become '?')."""
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def line(self, text: str, size: float = 11, bold: bool = False, height: float = 6) -> None:  # type: ignore[override]
        """A wrapped paragraph."""
        self.set_font(self.family, "B" if bold else "", size)
        self.multi_cell(0, height, self.text_for(text), new_x="LMARGIN", new_y="NEXT")

    def boxes(self, labels: list[str], size: float = 10) -> None:
        """Tick boxes, one per line."""
        self.set_font(self.family, "", size)
        for label in labels:
            self.multi_cell(0, 6, self.text_for(f"{BOX} {label}"), new_x="LMARGIN", new_y="NEXT")

    def writing_lines(self, count: int) -> None:
        """Ruled lines to write on."""
        for _ in range(count):
            self.ln(7)
            self.line_at()

    def line_at(self) -> None:
        """One ruled line across the page at the current height."""
        y = self.get_y()
        FPDF.line(self, self.l_margin, y, self.w - self.r_margin, y)


def _header(pdf: _Pdf, definition: SurveyDefinition, language: str, code: str) -> None:
    pdf.code = code
    pdf.add_page()
    pdf.set_font(pdf.family, "B", 12)
    pdf.cell(0, 8, pdf.text_for(f"Form code: {code}"), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.line(definition.setting_in("form_title", language), size=18, bold=True, height=9)
    pdf.line(definition.setting_in("privacy_notice", language), size=10, height=5)
    pdf.ln(2)
    pdf.line("Staff fill in: date (DD/MM/YYYY) ____ / ____ / ______   locality:", size=10, bold=True)
    pdf.boxes([f"{label}  [{key}]" for key, label in LOCALITIES.items()], size=9)
    pdf.line("I agree to take part:  " + BOX + " yes  [consent]", size=11, bold=True)
    pdf.ln(2)


def _question(pdf: _Pdf, number: int, question: Question, language: str) -> None:
    if question.kind == "note":
        pdf.line(question.label_in(language), size=10)
        pdf.ln(1)
        return
    pdf.line(f"{number}. {question.label_in(language)}   [{question.name}]", size=11, bold=True)
    if question.hint_in(language):
        pdf.line(question.hint_in(language), size=9)
    if question.kind == "text":
        pdf.writing_lines(4)
        pdf.ln(3)
    elif question.kind == "integer":
        pdf.line("Number: ________", size=10)
    else:
        many = " (tick all that apply)" if question.kind == "select_multiple" else " (tick one)"
        pdf.line(many.strip(), size=8)
        pdf.boxes([f"{c.label_in(language)}  [{c.name}]" for c in question.choices])
    pdf.ln(2)


def survey_pdf(
    definition: SurveyDefinition, *, copies: int = 1, language: str | None = None
) -> tuple[bytes, list[str]]:
    """The survey as a paper form, one copy per code; returns the PDF and the codes printed."""
    language = language or definition.languages[0]
    pdf = _Pdf()
    codes = [form_code() for _ in range(max(1, copies))]
    for code in codes:
        _header(pdf, definition, language, code)
        numbered = 0
        for question in definition.questions:
            numbered += question.is_input
            _question(pdf, numbered, question, language)
        pdf.line(
            "May we quote your words (never your name)?  " + BOX + " yes  " + BOX + " no  [quote_permission]",
            bold=True,
        )
        pdf.line(
            f"Typing this up? Use the headings {', '.join(typing_headings(definition))}; the words in "
            "[brackets] are what to type.",
            size=8,
        )
    return bytes(pdf.output()), codes


def card_sheet_pdf(*, cards: int = 4) -> tuple[bytes, list[str]]:
    """A blank feedback-card sheet for events: cards with a code, what it is about, who said it, words."""
    pdf = _Pdf()
    codes = [form_code("C") for _ in range(max(1, cards))]
    for i, code in enumerate(codes):
        if i % 2 == 0:
            pdf.code = " / ".join(codes[i : i + 2])
            pdf.add_page()
        pdf.line(f"Feedback card   code: {code}", size=13, bold=True)
        pdf.line("It is about:  " + "   ".join(f"{BOX} {label}" for label in CARD_KINDS.values()), size=9)
        pdf.writing_lines(6)
        pdf.ln(2)
        groups = [label for key, label in STAKEHOLDER_GROUPS.items() if key != "not_recorded"]
        pdf.line("Who said it (optional):  " + "   ".join(f"{BOX} {g}" for g in groups), size=8, height=4)
        pdf.line(f"May we quote these words (never a name)?  {BOX} yes  {BOX} no", size=9)
        pdf.ln(8)
    assert set(CARD_KINDS) <= set(QUESTION_TYPES)
    return bytes(pdf.output()), codes
