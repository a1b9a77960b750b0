"""Example conversations for the letter tests: a full journey, and pieces to vary it."""

import datetime as dt
import re

from bot.councils import Contact
from bot.letter import LetterCouncil

TODAY = dt.date(2026, 11, 22)
SOURCE = "https://www.safeguarding-bathnes.org.uk/children/information-public/2-reporting-child-abuse"

BATH = LetterCouncil(
    name="Bath and North East Somerset",
    official_name="Bath and North East Somerset Council",
    code="BAS",
    website="http://www.bathnes.gov.uk/",
    front_door_phone=Contact("front_door_phone", "01225 396312", "unverified", dt.date(2026, 11, 22), SOURCE),
    out_of_hours_phone=Contact("out_of_hours_phone", "01454 615165", "verified", dt.date(2026, 11, 20), SOURCE),
)

ANSWERS = {
    "problems": (
        "My son has been refusing to go to school since September. He screams and hits out when I try to get "
        "him ready, and last week he put his fist through his bedroom door.\n\n"
        "He says the other boys call him names and he can't cope with the noise in class."
    ),
    "severity": "It happens most mornings. On 3 November he ran out at 7am and I found him two hours later.",
    "duration": "Since about September 2025, and worse since Easter.",
    "impact_on_child": "He has missed 40 days of school. He hardly sleeps and says he hates himself.",
    "siblings": "His sister is 6. She is frightened and has started wetting the bed again.",
    "tried": "GP twice; CAMHS referral in June, still waiting. The school SENCO made a plan.",
    "involved": "Dr Patel at the Avon Street surgery; Mrs Hughes, SENCO at Widcombe Junior School; CAMHS.",
    "help_wanted": "Someone to help get him into school, and a break for me.",
    "without_help": "I am scared he will hurt himself or his sister, and I will lose my job.",
}

FULL_JOURNEY = {
    **ANSWERS,
    "child_age": "11",
    "parent_name": "Siân Llŷr",
    "parent_contact": "07700 900123 (please text first)",
    "council_code": "BAS",
    "consent_to_contact": "yes",
    "consent_names": ["Dr Patel", "Mrs Hughes at Widcombe Junior School", "CAMHS"],
}


def words(text: str) -> str:
    """Whitespace collapsed, so text wrapped onto new lines or pages still matches the parent's words."""
    return re.sub(r"\s+", " ", text).strip()


# The footers on every page of the PDF (see content/letter/letter.css).
PAGE_FOOTER = r"Page \d+ of \d+|Request for an assessment, \d{1,2} \w+ \d{4}"


def pdf_text(pdf: bytes) -> str:
    """Every page's text, page footers removed, whitespace collapsed."""
    import io

    from pypdf import PdfReader

    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
    return words(" ".join(re.sub(PAGE_FOOTER, " ", page) for page in pages))


def pdf_pages(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def html_text(page: str) -> str:
    """The words a reader sees on an HTML page (entities decoded), whitespace collapsed."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts = []

        def handle_data(self, data):
            self.parts.append(data)

    parser = Text()
    parser.feed(page)
    return words(" ".join(parser.parts))


def html_elements(page: str) -> list[tuple[str, dict]]:
    """Every start tag on the page with its attributes."""
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.elements = []

        def handle_starttag(self, tag, attrs):
            self.elements.append((tag, dict(attrs)))

    parser = Tags()
    parser.feed(page)
    return parser.elements


def html_tags(page: str) -> list[str]:
    return [tag for tag, _ in html_elements(page)]


# The optional "about you and your child" part (content/details.yml), every question answered.
DETAILS = {
    "details_wanted": "yes",
    "child_name": "Rhys Llŷr",
    "child_dob": "3 May 2015",
    "child_address": "14 Widcombe Parade, Bath BA2 4JT",
    "school": "Widcombe Junior School (Year 6)",
    "gp": "Avon Street surgery, Dr Patel",
    "household": (
        "Me, Rhys and his sister Nia (6). I have parental responsibility; his dad does too but lives in Bristol."
    ),
    "safe_contact": "Please do not leave voicemails; text first. His dad does not know about this letter.",
    "communication_needs": "None for me. Rhys needs things explained slowly and written down.",
    "disability": "On the waiting list for an autism assessment since June. No EHC plan yet.",
    "going_well": "He loves drawing and swimming, and he is kind to his sister when he is calm.",
    "child_views": "He says he wants to go back to school if the other boys leave him alone.",
    "carer_assessments": "parent_carer_assessment,young_carer_assessment",
}
TYPICAL_WITH_DETAILS = {**FULL_JOURNEY, **DETAILS}


def docx_text(document: bytes) -> str:
    """Every paragraph's and table cell's text in a Word document, in reading order, whitespace collapsed."""
    import io

    from docx import Document
    from docx.oxml.ns import qn

    parsed = Document(io.BytesIO(document))
    parts = []
    for block in parsed.element.body.iterchildren():
        if block.tag in (qn("w:p"), qn("w:tbl")):
            # Each paragraph (in a table cell too) is its own part: a line break is a space.
            for paragraph in block.iter(qn("w:p")):
                parts.append(
                    "".join(
                        node.text or (" " if node.tag == qn("w:br") else "")
                        for node in paragraph.iter(qn("w:t"), qn("w:br"))
                    )
                )
    return words(" ".join(parts))
