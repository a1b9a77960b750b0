"""The emergency reply and the escalation policy."""
import re

import pytest

from bot.paths import SHARED_DATA
from bot.safety import combine, emergency_reply, nlu_from_parse, screen
from bot.safety.screen import ScreenResult

PHONE = re.compile(r"\b(?:0\d[\d ]{8,12}\d|999|101|111|116 123)\b")


def allowed_numbers() -> str:
    # The only allowed sources of numbers: content-sources.md and the council directory data.
    sources = (SHARED_DATA.parent / "content-sources.md").read_text(encoding="utf-8")
    return sources + (SHARED_DATA / "children_services_contacts_seed.csv").read_text(encoding="utf-8")


def texts(messages):
    return "\n".join(m["text"] for m in messages)


def test_999_is_the_very_first_line_and_carry_on_is_the_last_button():
    messages = emergency_reply(("suicide",))
    assert messages[0]["text"].splitlines()[0] == "If anyone is in danger right now, call 999."
    assert messages[-1]["buttons"] == [{"title": "I'm safe – carry on", "payload": "/resume"}]
    assert all(set(m) == {"text", "buttons"} for m in messages)
    assert "Everything you've told me is kept" in messages[-1]["text"]


@pytest.mark.parametrize("categories", [(), ("suicide",), ("domestic_abuse", "weapon"), ("missing",), ("nonsense",)])
def test_every_number_shown_comes_from_an_allowed_source(categories):
    allowed = allowed_numbers()
    for council in (None, "BAS"):
        for number in PHONE.findall(texts(emergency_reply(categories, council))):
            assert number in allowed, number


def test_helplines_fit_the_danger():
    suicide = texts(emergency_reply(("suicide",)))
    assert "Samaritans" in suicide and "116 123" in suicide and "0800 1111" in suicide and "0808 800 5000" in suicide
    assert "Domestic Abuse" not in suicide
    abuse = texts(emergency_reply(("domestic_abuse",)))
    # A "re-check" number is shown with its source and the date it was checked.
    assert "0808 2000 247 (number from refuge.org.uk, checked 22 November 2026)" in abuse
    missing = texts(emergency_reply(("missing",)))
    assert "You don't need to wait 24 hours" in missing


def test_unknown_council_gets_how_to_find_the_out_of_hours_team():
    for council in (None, "", "NOT-A-COUNCIL"):
        council_message = emergency_reply(("violence",), council)[1]["text"]
        assert "children's services out of hours" in council_message and "101" in council_message


def test_known_council_shows_its_emergency_duty_team_with_source_and_date():
    council_message = emergency_reply(("violence",), "BAS")[1]["text"]
    assert "01454 615165" in council_message
    assert "found on www.safeguarding-bathnes.org.uk on 22 November 2026" in council_message


def test_reply_is_short_enough_to_read_without_scrolling_far():
    messages = emergency_reply(("suicide", "self_harm"))
    first = messages[0]["text"].splitlines()
    assert len(first) <= 3 and all(len(line) <= 90 for line in first)


URGENT = ScreenResult("urgent", ("suicide",))
POSSIBLE = ScreenResult("possible", ("weapon",))
NONE = ScreenResult("none", ())


@pytest.mark.parametrize("result, intent, confidence, expected", [
    (URGENT, None, None, True),  # the screen alone is enough: no waiting for the engine
    (URGENT, "greet", 0.99, True),
    (POSSIBLE, None, None, True),  # a danger word and no NLU answer: unsure, so escalate
    (POSSIBLE, "urgent_danger", 0.25, True),
    (POSSIBLE, "urgent_danger", 0.1, False),
    (POSSIBLE, "faq_knife_crime", 0.9, False),
    (POSSIBLE, "answer", 0.3, True),  # the NLU thinks it is something else but is not sure
    (NONE, "urgent_danger", 0.995, True),  # no danger words: only a very sure NLU escalates (patterns.yml)
    (NONE, "urgent_danger", 0.95, False),
    (NONE, None, None, False),
])
def test_combine(result, intent, confidence, expected):
    assert combine(result, intent, confidence) is expected


def test_nlu_from_parse_prefers_urgent_danger_wherever_it_ranks():
    parse = {"intent": {"name": "answer", "confidence": 0.6},
             "intent_ranking": [{"name": "answer", "confidence": 0.6}, {"name": "urgent_danger", "confidence": 0.3}]}
    assert nlu_from_parse(parse) == ("urgent_danger", 0.3)
    assert nlu_from_parse({"intent": {"name": "greet", "confidence": 0.9}, "intent_ranking": []}) == ("greet", 0.9)
    assert nlu_from_parse(None) == (None, None)
    assert nlu_from_parse({"intent": {}}) == (None, None)


def test_screen_and_combine_end_to_end():
    assert combine(screen("my daughter is missing"), None, None)
    assert not combine(screen("how do I ask for a child in need assessment"), "faq_assessment", 0.9)


def test_a_broken_helplines_file_still_sends_999(monkeypatch):
    from bot.content import ContentError
    from bot.safety import reply

    def broken():
        raise ContentError("helplines.yml: not valid YAML")

    monkeypatch.setattr(reply, "_content", broken)
    messages = reply.emergency_reply(("suicide",), "BAS")
    assert messages[0]["text"] == "If anyone is in danger right now, call 999."
    assert messages[-1]["buttons"][0]["payload"] == "/resume"
    with pytest.raises(ContentError):
        reply.check_content()


def test_warm_up_builds_and_checks_everything():
    from bot.safety import warm_up

    warm_up()


def test_package_exports_what_the_gateway_uses():
    from bot import safety

    assert (safety.URGENT, safety.POSSIBLE, safety.NONE) == ("urgent", "possible", "none")
    assert safety.screen("my son has taken an overdose").level == safety.URGENT


def test_carry_on_button_can_be_left_to_the_dialogue_engine():
    messages = emergency_reply(("missing",), carry_on=False)
    assert messages[0]["text"].startswith("If anyone is in danger right now, call 999.")
    assert all(not m["buttons"] for m in messages)
