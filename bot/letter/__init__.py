"""The parent's letter to their council's children's services front door, and what to do with it.

    letter = build_letter(slots)                 # from the conversation's slot values (the only source)
    render_html(letter) / render_text(letter) / render_pdf(letter)
    next_steps_message(council, letter_url)      # the bot's message when the checklist ends
    check_content(); warm_up()                   # at start-up: fail on bad content; load fonts once (~2-4 s)
"""
from bot.letter.council import LetterContact, LetterCouncil, as_letter_council, from_directory, letter_council
from bot.letter.model import Letter, Section, build_letter, letter_from_fields
from bot.letter.next_steps import next_steps_message
from bot.letter.render import check_templates, render_html, render_pdf, render_preview, render_text, warm_up
from bot.letter.wording import wording


def check_content() -> None:
    """Load and validate the letter's wording and templates (call at start-up)."""
    wording()
    check_templates()


__all__ = [
    "Letter", "LetterContact", "LetterCouncil", "Section", "as_letter_council", "build_letter", "check_content",
    "from_directory", "letter_council", "letter_from_fields", "next_steps_message", "render_html", "render_pdf",
    "render_preview", "render_text", "warm_up",
]
