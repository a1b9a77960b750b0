"""The crisis reply (emergency contacts, how to carry on), the "Is anyone in danger right now?" check, and what
bot.safety exports."""

import re

import pytest

from bot.paths import SHARED_DATA
from bot.safety import check_reply, crisis_reply, emergency_reply
from bot.safety.decision import CHECK_FEATURES

PHONE = re.compile(r"\b(?:0\d[\d ]{8,12}\d|999|101|111|116 123)\b")


def allowed_numbers() -> str:
    # The only allowed sources of numbers: content-sources.md and the council directory data.
    sources = (SHARED_DATA.parent / "content-sources.md").read_text(encoding="utf-8")
    return sources + (SHARED_DATA / "children_services_contacts_seed.csv").read_text(encoding="utf-8")


def texts(messages):
    return "\n".join(m["text"] for m in messages)


def test_999_is_the_very_first_line_and_carry_on_is_the_last_button():
    messages = crisis_reply(("suicide",), in_form=False, question_follows=False)
    assert messages[0]["text"].splitlines()[0] == "If anyone is in danger right now, call 999."
    assert messages[-1]["buttons"] == [{"title": "I'm safe — carry on", "payload": "/resume"}]
    assert all(m["kind"] == "urgent" for m in messages[:-1]) and "kind" not in messages[-1]
    assert "I've kept all your answers" in messages[-1]["text"]


def test_inside_a_form_the_words_are_kept_and_the_next_question_follows_without_a_button():
    messages = crisis_reply(("violence",), "BAS", in_form=True, question_follows=True)
    assert "including what you just wrote" in messages[-1]["text"]
    assert all(not m["buttons"] for m in messages)
    slow = crisis_reply(("violence",), "BAS", in_form=True, question_follows=False)
    assert slow[-1]["buttons"][0]["payload"] == "/resume"


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
    # A "re-check" number is shown with where and when it was found, and that it is not yet confirmed.
    assert "0808 2000 247 (number found on refuge.org.uk on 22 November 2026; not yet confirmed)" in abuse
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


def test_the_check_asks_with_999_first_and_two_buttons():
    check = check_reply()
    assert check["text"].splitlines()[0] == "If anyone is in danger right now, call 999."
    assert "Is anyone in danger right now?" in check["text"]
    assert check["kind"] == "check"
    assert [b["title"] for b in check["buttons"]] == ["Yes, someone is in danger now", "No, carry on"]


def test_a_broken_helplines_file_still_sends_999(monkeypatch):
    from bot.content import ContentError
    from bot.safety import crisis as reply

    def broken():
        raise ContentError("helplines.yml: not valid YAML")

    monkeypatch.setattr(reply, "_content", broken)
    messages = reply.crisis_reply(("suicide",), "BAS", in_form=False, question_follows=False)
    assert messages[0]["text"] == "If anyone is in danger right now, call 999."
    assert reply.check_reply()["text"] == "If anyone is in danger right now, call 999."
    with pytest.raises(ContentError):
        reply.check_content()


def test_warm_up_builds_and_checks_everything():
    from bot.safety import warm_up

    warm_up()


def test_package_exports_what_the_gateway_uses():
    from bot import safety

    assert (safety.URGENT, safety.CHECK, safety.NONE) == ("urgent", "check", None)
    assert safety.absolute_triggers("my son has taken an overdose") == ["overdose"]
    assert safety.decide(
        ["my son has taken an overdose"], [safety.decision.SentenceScores(0.0, 0.0, [])], in_checklist=False
    ) == safety.SafetyDecision("urgent", ["overdose"], ["overdose"])
    assert not hasattr(safety, "screen")  # the old word-list screen is gone: the understanding service decides


def test_a_broken_decision_file_fails_the_content_check(monkeypatch):
    from bot.content import ContentError
    from bot.safety import check_content, decision

    good = decision._content()
    monkeypatch.setattr(
        decision, "_content", lambda: {**good, "thresholds": {**good["thresholds"], "urgent_at": "high"}}
    )
    with pytest.raises(ContentError, match="urgent_at"):
        check_content()


@pytest.mark.parametrize(
    "model",
    [
        {"intercept": 1.0, "weights": {"whole_meaning": 1.0}},  # features missing
        {"intercept": "one", "weights": dict.fromkeys(CHECK_FEATURES, 0.5)},
        {"intercept": 1.0, "weights": {**dict.fromkeys(CHECK_FEATURES, 0.5), "shouting": 0.4}},
        {"intercept": 1.0, "weights": {**dict.fromkeys(CHECK_FEATURES, 0.5), "length": "long"}},
    ],
)
@pytest.mark.parametrize("name", ["check_model", "checklist_check_model"])
def test_a_broken_check_model_fails_the_content_check(monkeypatch, model, name):
    from bot.content import ContentError
    from bot.safety import check_content, decision

    good = decision._content()
    monkeypatch.setattr(decision, "_content", lambda: {**good, name: model})
    with pytest.raises(ContentError, match=f"{name} needs"):
        check_content()


def test_the_emergency_contacts_alone_have_no_buttons():
    messages = emergency_reply(("missing",))
    assert messages[0]["text"].startswith("If anyone is in danger right now, call 999.")
    assert all(not m["buttons"] for m in messages)
