"""The letter as an HTML page, plain text for an email, a PDF, a Word document (bot.letter.word), and the
editable preview page.

Templates and styles live in content/letter/ so a council can change them without code. HTML is autoescaped:
whatever a parent types comes out as text. PDFs are made with WeasyPrint from local files only: nothing is
fetched over the network, and fonts come from the machine.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from bot.content import ContentError
from bot.letter.model import Letter, paragraphs
from bot.letter.wording import preview_wording
from bot.paths import CONTENT, ROOT

TEMPLATES = CONTENT / "letter"
LETTER_CSS = TEMPLATES / "letter.css"
PREVIEW_CSS = TEMPLATES / "preview.css"
PREVIEW_JS = ROOT / "bot" / "letter" / "static" / "preview.js"

# Where the gateway serves the files above (see bot/gateway/routes_letter.py).
STATIC_URL = "/letter/static"
PDF_URL = "/letter/pdf"
TEXT_URL = "/letter/txt"
DOCX_URL = "/letter/docx"


def _underline(heading: str) -> str:
    return "-" * len(heading)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True),
        undefined=jinja2.StrictUndefined,  # a misspelt name in a council's template fails loudly
        keep_trailing_newline=True,
    )
    env.globals.update(paragraphs=paragraphs, underline=_underline)
    return env


def _template(name: str) -> jinja2.Template:
    try:
        return environment().get_template(name)
    except jinja2.TemplateError as error:
        raise ContentError(f"content/letter/{name}: {error}") from error


def render_html(letter: Letter, stylesheet_url: str | None = f"{STATIC_URL}/letter.css") -> str:
    """A page with the letter. The stylesheet is linked (the gateway's CSP allows no inline styles or scripts)."""
    return _template("letter.html").render(letter=letter, title=letter.subject, stylesheet_url=stylesheet_url)


_BLANK_LINES = re.compile(r"\n{3,}")


def render_text(letter: Letter) -> str:
    """Plain text for pasting into an email: no hard wrapping, one blank line between parts."""
    return _BLANK_LINES.sub("\n\n", _template("letter.txt").render(letter=letter)).strip() + "\n"


@lru_cache(maxsize=1)
def _pdf_tools():
    # Imported on first use: WeasyPrint loads Pango, which the rest of the product never needs.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        """Refuses every URL: the letter needs nothing from the network or the disk beyond what we pass in."""

        def fetch(self, url, headers=None):
            raise ValueError("the letter fetches nothing")

    fonts = FontConfiguration()
    fetcher = NoFetching()
    stylesheet = CSS(string=LETTER_CSS.read_text(encoding="utf-8"), font_config=fonts, url_fetcher=fetcher)
    return HTML, stylesheet, fonts, fetcher


# One PDF at a time: the shared font configuration is not known to be safe across threads, and a render
# takes tens of milliseconds.
_PDF_LOCK = threading.Lock()


def render_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF."""
    page = render_html(letter, stylesheet_url=None)
    with _PDF_LOCK:
        html_class, stylesheet, fonts, fetcher = _pdf_tools()
        document = html_class(string=page, url_fetcher=fetcher, base_url=None)
        return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)


def warm_up() -> None:
    """Load fonts and Pango now (about two seconds), so the first parent to ask for a PDF doesn't wait."""
    with _PDF_LOCK:
        _pdf_tools()


# Parts of a letter that are a line long; every other box starts with room to write.
ONE_LINE_FIELDS = ("date", "salutation", "sign_off", "signature")


@dataclass(frozen=True)
class PreviewField:
    name: str
    label: str
    text: str

    @property
    def rows(self) -> int:
        # Roughly one row per 40 characters on a phone; the page's script grows boxes to fit when it can.
        estimate = sum(len(line) // 40 + 1 for line in self.text.split("\n"))
        return max(1 if self.name in ONE_LINE_FIELDS else 3, min(estimate, 25))


def preview_fields(letter: Letter) -> list[PreviewField]:
    """The boxes on the preview page, in letter order, labelled in plain words."""
    labels = dict(preview_wording()["labels"])
    labels.update({f"section_{section.key}": section.heading for section in letter.sections})
    labels.update({f"about_{item.key}": item.heading for item in letter.about})
    return [PreviewField(name, labels[name], text) for name, text in letter.to_fields().items()]


def render_preview(letter: Letter, conversation_id: str = "") -> str:
    """The editable preview page: one box per part, a PDF download, a Print button, Exit this page (which
    deletes the conversation), no inline script."""
    return _template("preview.html").render(
        letter=letter,
        conversation_id=conversation_id,
        fields=preview_fields(letter),
        words=preview_wording(),
        static_url=STATIC_URL,
        pdf_url=PDF_URL,
        text_url=TEXT_URL,
        docx_url=DOCX_URL,
    )


def check_templates() -> None:
    """Compile every template now, so broken content fails at start-up rather than when a parent asks."""
    for name in ("letter.html", "letter.txt", "preview.html", "_letter_body.html"):
        _template(name)
    for path in (LETTER_CSS, PREVIEW_CSS, PREVIEW_JS):
        if not Path(path).is_file():
            raise ContentError(f"missing letter file: {path}")
