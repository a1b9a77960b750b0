"""The message when the checklist ends, and the council the letter is addressed to."""

import datetime as dt

import pytest

from bot.councils import Contact
from bot.letter import LetterCouncil, build_letter, from_directory, next_steps_message
from bot.letter.examples import BATH, FULL_JOURNEY, TODAY


def test_the_councils_numbers_with_their_status():
    message = next_steps_message(BATH)
    assert "Bath and North East Somerset's children's services front door" in message
    # Unconfirmed: says so, where it was found and when, and where to check.
    assert (
        "Phone: 01225 396312 (not yet confirmed: we found it on safeguarding-bathnes.org.uk on 22 November 2026. "
        "Please check the council's website.)"
    ) in message
    # Confirmed: says when.
    assert "Out of hours, if it cannot wait: 01454 615165 (checked 20 November 2026)" in message


def test_what_to_do_and_what_happens_next():
    message = next_steps_message(BATH)
    for expected in (
        "Your letter is ready",
        "Keep a copy of your letter",
        "within one working day",
        "no more than 45 working days",
        "decision in writing",
        "keep a diary",
        "call 999",
    ):
        assert expected in message


def test_the_steps_are_numbered_in_order():
    message = next_steps_message(BATH)
    positions = [message.index(f"\n{number}. ") for number in range(1, 6)]
    assert positions == sorted(positions)


def test_link_to_the_letter_when_given():
    assert next_steps_message(BATH, letter_url="/letter/abc123").startswith("Your letter is ready: /letter/abc123")


def test_unknown_council_gets_general_advice_and_no_number():
    message = next_steps_message(None)
    assert "your council's children's services front door" in message
    assert "Phone:" not in message


def test_council_without_contacts_points_to_its_website():
    council = LetterCouncil(
        name="Rutland", official_name="Rutland County Council", website="https://www.rutland.gov.uk/"
    )
    message = next_steps_message(council)
    assert "We don't have a checked number for them yet. Look on https://www.rutland.gov.uk/" in message
    assert "Phone:" not in message


def test_email_shown_when_known():
    council = LetterCouncil(
        name="Kent", email=Contact("email", "front.door@example.gov.uk", "verified", dt.date(2026, 11, 1))
    )
    assert "Email: front.door@example.gov.uk (checked 1 November 2026)" in next_steps_message(council)


def test_directory_record_verified_first_and_stale_never_shown():
    record = {
        "name": "Somewhere",
        "official_name": "Somewhere Council",
        "code": "SMW",
        "website": "https://somewhere.gov.uk/",
        "contacts": [
            {"kind": "website", "value": "https://somewhere.gov.uk/", "status": "unverified"},
            {
                "kind": "front_door_phone",
                "value": "0300 000 0001",
                "status": "stale",
                "source_url": "https://a.example",
            },
            {
                "kind": "front_door_phone",
                "value": "0300 000 0002",
                "status": "unverified",
                "source_url": "https://b.example",
            },
            {
                "kind": "front_door_phone",
                "value": "0300 000 0003",
                "status": "verified",
                "source_url": "https://c.example",
                "last_checked": dt.date(2026, 11, 2),
            },
            {"kind": "out_of_hours_phone", "value": "0300 000 0004", "status": "stale"},
        ],
    }
    council = from_directory(record)
    assert council.front_door_phone.value == "0300 000 0003" and council.front_door_phone.verified
    assert council.out_of_hours_phone is None
    message = next_steps_message(record)
    assert "0300 000 0001" not in message and "0300 000 0004" not in message
    assert "Phone: 0300 000 0003 (checked 2 November 2026)" in message


def test_full_journey_through_the_real_directory():
    """The council code in the conversation gives the letter's address lines and the message's numbers."""
    directory = pytest.importorskip("bot.councils.directory")
    if directory.get_council("BAS") is None:
        pytest.skip("the directory has no Bath and North East Somerset entry")
    letter = build_letter(FULL_JOURNEY, today=TODAY)  # council from the conversation's council_code slot
    assert letter.recipient.split("\n") == [
        "Children's Services front door (duty team)",
        "Bath and North East Somerset Council",
    ]
    message = next_steps_message("BAS")
    assert "Bath and North East Somerset's children's services front door" in message
    assert "Phone: 01225 " in message


def test_the_offer_can_be_left_to_the_conversation():
    message = next_steps_message(BATH, offer=False)
    assert message.startswith("What to do with it:")
    assert "Your letter is ready" not in message
