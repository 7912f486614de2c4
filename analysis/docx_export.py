"""Word (DOCX) exports with python-docx: shared table helpers and the participation statement.

Every cell's text is neutralised as in :mod:`analysis.exports` before it is written.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row

from analysis.disclosure import protection_sentence
from analysis.exports import neutralise_cell
from analysis.statement import HEADERS, ROW_FIELDS, Statement, summary_sentences
from analysis.suppression import TOTAL

TABLE_STYLE = "Table Grid"
HEADING_FILL = "D9D9D9"
STATEMENT_COLUMNS: tuple[str, ...] = tuple(HEADERS[f] for f in ROW_FIELDS[1:])
STATEMENT_WIDTHS_CM: tuple[float, ...] = (5.0, 7.0, 3.5, 9.5)


def new_document(*, landscape: bool = True) -> DocumentObject:
    """Return an empty document, landscape A4 by default, 2 cm margins, 10 pt text."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    doc.styles["Normal"].font.size = Pt(10)
    return doc


def set_cell_text(cell: _Cell, text: object, *, bold: bool = False) -> None:
    """Write neutralised text into a cell, one Word paragraph per line."""
    value = "" if text is None else str(neutralise_cell(str(text)))
    lines = value.replace("\r\n", "\n").split("\n")
    first = cell.paragraphs[0]
    first.text = ""
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold


def add_table(
    doc: DocumentObject,
    header: Sequence[str],
    rows: Sequence[Sequence[object]] = (),
    *,
    widths_cm: Sequence[float] | None = None,
) -> Table:
    """Add a 'Table Grid' table with a bold header row repeated on each page."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles[TABLE_STYLE]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        set_cell_text(cell, text, bold=True)
    _repeat_as_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            set_cell_text(cell, text)
    if widths_cm:
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)
    return table


def add_heading_row(table: Table, text: str) -> None:
    """Add a full-width, shaded, bold row (a category heading)."""
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[-1])
    set_cell_text(merged, text, bold=True)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), HEADING_FILL)
    merged._tc.get_or_add_tcPr().append(shading)


def document_bytes(doc: DocumentObject) -> bytes:
    """Return the document as DOCX bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def statement_to_docx_bytes(st: Statement) -> bytes:
    """Return the statement as a Word document: heading, period, summary, then the table.

    The table has the header row Stakeholders | Consultation/involvement activities | Dates |
    Outcomes and a shaded heading row wherever the category changes (one per category).
    """
    doc = new_document(landscape=True)
    doc.add_heading("Participation statement", level=1)
    doc.add_paragraph(f"Period: {st.period_text}")
    for sentence in summary_sentences(st):
        doc.add_paragraph(str(neutralise_cell(sentence)))
    people = [(label, value) for label, value in st.summary.people.items() if label != TOTAL]
    add_table(doc, ("People who took part", "Number"), [*people, (TOTAL, st.summary.people.get(TOTAL, 0))])
    note = doc.add_paragraph()
    note.add_run(protection_sentence(st.k)).italic = True
    doc.add_heading("Consultation and involvement activities", level=2)
    table = add_table(doc, STATEMENT_COLUMNS, widths_cm=STATEMENT_WIDTHS_CM)
    category = None
    for row in st.rows:
        if row.category != category:
            category = row.category
            add_heading_row(table, category)
        cells = table.add_row().cells
        for cell, field_name, width in zip(cells, ROW_FIELDS[1:], STATEMENT_WIDTHS_CM, strict=True):
            set_cell_text(cell, getattr(row, field_name))
            cell.width = Cm(width)
    return document_bytes(doc)


def _repeat_as_header(row: _Row) -> None:
    """Mark a row as a header row that Word repeats at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)
