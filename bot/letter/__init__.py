"""The parent's letter to their council's children's services front door, and what to do with it.

letter = build_letter(slots)                 # from the conversation's slot values (the only source)
render_html(letter) / render_text(letter) / render_pdf(letter) / render_docx(letter) (bot.letter.word)
next_steps_message(council, letter_url)      # the bot's message when the checklist ends
check_content(); warm_up()                   # at start-up: fail on bad content; load fonts once (~2-4 s)
"""

import jinja2

from bot.content import ContentError
from bot.letter.council import LetterCouncil, as_letter_council, from_directory, letter_council
from bot.letter.model import Letter, Section, build_letter, letter_from_fields
from bot.letter.next_steps import next_steps_message
from bot.letter.render import check_templates, render_html, render_pdf, render_preview, render_text, warm_up
from bot.letter.wording import wording


def check_content() -> None:
    """Load and validate the letter's wording and templates, and render an example letter with every part
    filled, so a misspelt name in a council's template fails here rather than when a parent asks."""
    from bot.conversation import details
    from bot.conversation.checklist import ALL_KEYS
    from bot.letter.word import render_docx

    wording()
    details.check_content()
    check_templates()
    example: dict[str, object] = {key: f"Example answer for {key}." for key in ALL_KEYS + details.KEYS}
    example.update(
        consent_to_contact="yes",
        consent_names=["GP", "school"],
        child_dob="3 May 2014",
        carer_assessments=",".join(details.REQUEST_KEYS),
    )
    letter = build_letter(example, council=LetterCouncil(name="Example", official_name="Example Council"))
    try:
        render_html(letter)
        render_text(letter)
        render_preview(letter, "example")
        render_docx(letter)
    except jinja2.TemplateError as error:
        raise ContentError(f"content/letter templates: {error}") from error


__all__ = [
    "Letter",
    "LetterCouncil",
    "Section",
    "as_letter_council",
    "build_letter",
    "check_content",
    "from_directory",
    "letter_council",
    "letter_from_fields",
    "next_steps_message",
    "render_html",
    "render_pdf",
    "render_preview",
    "render_text",
    "warm_up",
]
