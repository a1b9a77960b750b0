"""Issue 15: answers a family-law solicitor would sign off. One test per corrected claim: it fails if the old,
wrong or over-reassuring wording comes back, and checks the corrected fact (with its source) is there."""

from __future__ import annotations

import re

import pytest

from bot.content import load_yaml
from bot.topics import all_topics, topic

TOPICS = all_topics()
ALL_ANSWERS = "\n".join(item.answer for item in TOPICS.values())


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def sources_of(topic_id: str) -> str:
    return " ".join(f"{s.title} {s.url or ''} {s.ref or ''} {s.seed or ''}" for s in topic(topic_id).sources)


def test_there_are_at_least_45_topics_each_with_sources():
    assert len(TOPICS) >= 45
    for item in TOPICS.values():
        assert item.sources, item.id
        assert all(s.title for s in item.sources), item.id


def test_take_child_away_names_police_protection_and_the_real_legal_tests():
    answer = flat(topic("take_child_away").answer)
    # Old: "only taken ... by a court order, or with the parent's agreement ... clear evidence".
    assert "only taken from their family by a court order" not in answer
    assert "clear evidence" not in ALL_ANSWERS
    assert "72 hours" in answer and "police" in answer
    assert "reasonable cause to believe" in answer and "reasonable grounds" in answer
    assert "legislation.gov.uk/ukpga/1989/41/section/46" in sources_of("take_child_away")


def test_partner_threats_says_enquiries_are_common_and_the_safe_parent_is_supported():
    answer = flat(topic("partner_threats").answer)
    assert "it is not true" not in answer and "only in extreme cases" not in answer
    assert "supported, not blamed" in answer
    assert "Domestic Abuse Helpline" in answer
    assert "often do ask questions" in answer


def test_voluntary_help_says_the_council_may_look_again_at_risk():
    answer = flat(topic("accept_help_voluntary").answer)
    assert "voluntary" in answer
    assert "may look again at the risk" in answer and "section 47" in answer
    assert "002_d24a3e6a0e95c7d3.txt" in sources_of("accept_help_voluntary")


def test_involved_why_says_usually_with_the_exception():
    questions = {q["key"]: q for q in load_yaml("checklist.yml")["questions"]}
    why = questions["involved"]["why"]
    assert "You will be asked before anyone is contacted" not in why
    assert "usually be asked" in why and "serious harm" in why


def test_a_copy_of_the_assessment_is_something_to_ask_for_not_a_promise():
    for old in ("You should be given one", "you should get a copy", "At the end you should get a copy"):
        assert old.lower() not in ALL_ANSWERS.lower(), old
    answer = flat(topic("records_access").answer)
    assert "Ask for a copy" in answer and "not a rule everywhere" in answer
    assert "subject access request" in answer
    assert "subject access request" in flat(topic("decision_in_writing").answer)


def test_child_to_parent_violence_is_domestic_abuse_in_law_only_from_16():
    answer = flat(topic("child_to_parent_violence").answer)
    assert "is recognised as a form of domestic abuse" not in answer
    assert "16 or over" in answer
    assert "legislation.gov.uk/ukpga/2021/17/section/1" in sources_of("child_to_parent_violence")


@pytest.mark.parametrize("topic_id", ["no_recourse_public_funds", "money_equipment"])
def test_no_recourse_to_public_funds_warns_about_immigration_checks(topic_id):
    answer = flat(topic(topic_id).answer)
    assert "immigration status" in answer and "immigration advice first" in answer
    assert "nrpfnetwork.org.uk" in sources_of(topic_id)
    if topic_id == "no_recourse_public_funds":
        assert "Home Office" in answer


def test_section_20_needs_real_consent_another_parent_can_object_and_the_child_is_looked_after():
    answer = flat(topic("section_20").answer)
    assert "pressure" in answer and "clear information" in answer
    assert "can object" in answer
    assert '"looked after"' in answer
    assert "legislation.gov.uk/ukpga/1989/41/section/20" in sources_of("section_20")


def test_the_re_check_helpline_says_where_and_when_it_was_found_not_checked():
    line = load_yaml("safety/helplines.yml")["helplines"]["domestic_abuse"]
    assert "checked {date}" not in line["shown_source"]
    assert "found on" in line["shown_source"] and "{date}" in line["shown_source"]
    assert "not yet confirmed" in line["shown_source"]


def _texts(messages) -> list[str]:
    return [m["text"] for m in messages]


def _index(texts: list[str], needle: str) -> int:
    return next(i for i, text in enumerate(texts) if needle in text)


@pytest.mark.parametrize("category", ["suicide", "self_harm"])
def test_suicide_and_self_harm_put_111_samaritans_and_childline_before_the_council(category):
    from bot.safety import emergency_reply

    for council in (None, "BAS"):
        texts = _texts(emergency_reply((category,), council))
        assert texts[0].startswith("If anyone is in danger right now, call 999.")
        council_at = _index(texts, "children's services")
        for needle in ("NHS 111", "116 123", "0800 1111"):
            assert _index(texts, needle) < council_at, needle


def test_domestic_abuse_puts_the_helpline_before_the_council():
    from bot.safety import emergency_reply

    for council in (None, "BAS"):
        texts = _texts(emergency_reply(("domestic_abuse",), council))
        assert texts[0].startswith("If anyone is in danger right now, call 999.")
        assert _index(texts, "0808 2000 247") < _index(texts, "children's services")
