"""What a parent is shown: unverified numbers only with where and when they were found; a safe fallback."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.councils import contact_lines, get_council
from bot.councils.contacts import change_lines


def test_unverified_numbers_come_with_their_source_and_date_next_to_the_website():
    lines = contact_lines(get_council("BAS"))
    assert lines[0] == "Bath and North East Somerset Council – children's services"
    assert lines[1] == "Website: http://www.bathnes.gov.uk/"
    daytime = [line for line in lines if line.startswith("Children's services (daytime)")]
    assert daytime[0].startswith(
        "Children's services (daytime): 01225 396312 or 01225 396313 – found on "
        "www.safeguarding-bathnes.org.uk on 22 November 2026; not yet confirmed"
    )
    assert "01225 396111 or 01225 477929 – found in a Bath and North East Somerset Council page" in daytime[1]
    assert any(line.startswith("Out of hours (Emergency Duty Team): 01454 615165 – found on") for line in lines)
    for line in lines[2:]:
        assert "not yet confirmed" in line


def test_no_number_means_website_plus_999_101_and_the_nspcc():
    lines = contact_lines(get_council("BDF"))  # no phone number found for Bedford (PROVENANCE.md, 2026-12-01)
    assert "Website: https://www.bedford.gov.uk/" in lines
    assert any("We don't have a phone number" in line and "bedford.gov.uk" in line for line in lines)
    text = "\n".join(lines)
    assert "999" in text and "101" in text and "0808 800 5000" in text


def test_urgent_reply_asks_only_for_out_of_hours():
    barnsley = contact_lines(get_council("BNS"), ("out_of_hours_phone",))
    assert any("01226 787789" in line for line in barnsley)
    assert not any("0808 800 5000" in line for line in barnsley)
    # Birmingham has both, but only the out-of-hours line is asked for.
    birmingham = contact_lines(get_council("BIR"), ("out_of_hours_phone",))
    assert any("0121 675 4806" in line for line in birmingham)
    assert not any("0121 303 1888" in line for line in birmingham)


def test_out_of_hours_missing_falls_back_to_999_and_the_nspcc():
    lines = contact_lines(get_council("HRT"), ("out_of_hours_phone",))  # Hertfordshire: daytime number only
    assert any("0808 800 5000" in line for line in lines)


def test_menu_option_is_shown_with_the_number():
    lines = contact_lines(get_council("SHR"), ("out_of_hours_phone",))
    assert any("0345 678 9040 (option 1)" in line for line in lines)


def test_verified_numbers_say_when_the_council_checked_them():
    council = get_council("WOR")
    contact = replace(
        get_council("BAS").contacts_of("out_of_hours_phone")[0],
        status="verified",
        last_checked=dt.date(2026, 10, 5),
        value="01905 768020",
    )
    lines = contact_lines(replace(council, contacts=council.contacts + (contact,)), ("out_of_hours_phone",))
    assert "Out of hours (Emergency Duty Team): 01905 768020 (checked by the council on 5 October 2026)" in lines
    assert not any("0808 800 5000" in line for line in lines)


def test_surrey_reorganisation_is_announced_until_it_happens():
    surrey = get_council("SRY")
    before = change_lines(surrey, today=dt.date(2027, 3, 31))
    assert len(before) == 2
    assert before[0].startswith("From 1 April 2027, Elmbridge, Epsom and Ewell")
    assert before[0].endswith("East Surrey Council.")
    assert change_lines(surrey, today=dt.date(2027, 4, 1)) == []
