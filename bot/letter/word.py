"""The letter as a Word document (.docx), because many parents and advocates edit letters in Word.

The same parts in the same order as the HTML, PDF and text versions (content/letter/_letter_body.html), built
with python-docx: real headings (Word's navigation pane and screen readers use them), the safe-contact
instructions in a boxed cell at the top, the details about the child in a two-column table, numbered asks.
Whatever the parent typed goes in as text. Nothing is fetched and nothing is stored.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from bot.letter.model import Letter, paragraphs

FONT = "Arial"  # Liberation Sans on machines without Arial: the same metrics
BLACK = RGBColor(0x0B, 0x0C, 0x0C)
GREY = RGBColor(0x50, 0x5A, 0x5F)


def _styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Heading 1", 13), ("Heading 2", 11)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = BLACK
        style.paragraph_format.space_before = Pt(10 if name == "Heading 2" else 6)
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.keep_with_next = True
        # Word's theme fonts would otherwise win over the name set above.
        fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
        if fonts is not None:
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attribute), None)
    if "Letter Note" not in [style.name for style in document.styles]:
        note = document.styles.add_style("Letter Note", WD_STYLE_TYPE.PARAGRAPH)
        note.base_style = normal
        note.font.size = Pt(9)
        note.font.color.rgb = GREY


def _lines(document, text: str, align=None) -> None:
    """One paragraph whose lines are kept as line breaks (addresses, the date)."""
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    for number, line in enumerate(text.split("\n")):
        if number:
            paragraph.runs[-1].add_break()
        paragraph.add_run(line)
    return paragraph


def _paragraphs(target, text: str) -> None:
    for part in paragraphs(text):
        _lines(target, part)


def _box(cell) -> None:
    """A border round a one-cell table: the safe-contact instructions stand out on the page."""
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), "16")
        border.set(qn("w:color"), "0B0C0C")
        borders.append(border)
    cell._tc.get_or_add_tcPr().append(borders)


def _numbered(document, items: tuple[str, ...], numbered: bool) -> None:
    for number, item in enumerate(items, start=1):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(7)
        paragraph.paragraph_format.first_line_indent = Mm(-7)
        paragraph.add_run(f"{number}.\t" if numbered else "•\t")
        paragraph.add_run(item)


def render_docx(letter: Letter) -> bytes:
    document = Document()
    _styles(document)
    for section in document.sections:
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin = section.right_margin = Mm(20)
    document.core_properties.title = letter.subject
    document.core_properties.author = ""  # no names in the file's properties

    if letter.sender:
        _lines(document, letter.sender, WD_ALIGN_PARAGRAPH.RIGHT)
    if letter.recipient:
        _lines(document, letter.recipient)
    if letter.date:
        _lines(document, letter.date)
    if letter.safe_contact:
        table = document.add_table(rows=1, cols=1)
        cell = table.cell(0, 0)
        _box(cell)
        heading = cell.paragraphs[0]
        heading.add_run(letter.safe_contact_heading).bold = True
        _paragraphs(cell, letter.safe_contact)
        document.add_paragraph()
    if letter.salutation:
        _lines(document, letter.salutation)
    if letter.subject:
        document.add_heading(letter.subject, level=1)
    if letter.summary:
        _paragraphs(document, letter.summary)
    if letter.about:
        document.add_heading(letter.about_heading, level=2)
        table = document.add_table(rows=0, cols=2)
        for item in letter.about:
            row = table.add_row().cells
            row[0].width, row[1].width = Mm(42), Mm(128)
            row[0].paragraphs[0].add_run(item.heading).bold = True
            row[1].paragraphs[0].add_run(item.text)
    if letter.request:
        _paragraphs(document, letter.request)
    for letter_section in letter.sections:
        document.add_heading(letter_section.heading, level=2)
        _paragraphs(document, letter_section.text)
    if letter.consent:
        document.add_heading(letter.consent_heading, level=2)
        _paragraphs(document, letter.consent)
    if letter.requests:
        document.add_heading(letter.requests_heading, level=2)
        _numbered(document, letter.requests, numbered=False)
    if letter.asks:
        document.add_heading(letter.asks_heading, level=2)
        _numbered(document, letter.asks, numbered=True)
    if letter.closing:
        _paragraphs(document, letter.closing)
    if letter.sign_off:
        _lines(document, letter.sign_off)
    document.add_paragraph(letter.signature or "")  # room to sign by hand
    if letter.footnote:
        for part in paragraphs(letter.footnote):
            document.add_paragraph(part, style="Letter Note")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
