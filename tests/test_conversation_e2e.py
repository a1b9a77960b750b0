"""The whole preparation conversation over the public HTTP API, against the real Rasa, action server
and gateway with a real trained model."""

from __future__ import annotations

import io
import sqlite3

import httpx
import pytest
from pypdf import PdfReader

from bot.conversation.checklist import REQUIRED_KEYS, questions
from bot.run.stack import Parent

pytestmark = pytest.mark.e2e

# Messy, real-world answers, one per key (the parent's words must come back exactly).
ANSWERS = {
    "problems": "honestly its everything atm, he kicks off most nights & smashed his bedroom door last wk. "
    "School keep ringing me to collect him",
    "severity": "Last Tuesday he threw a chair at me, and it's 3-4 times a week now.\n\nHis sister hides upstairs.",
    "duration": "about two years, worse since he started year 7",
    "impact_on_child": "he's barely in school, no friends, up till 3am on his xbox & then wrecked",
    "siblings": "his sister Mia is 6 and she's scared of him",
    "tried": "reward charts, taking the xbox off him, a parenting course at the family hub (didn't help)",
    "involved": "his school SENCO and our GP, my mum when she can",
    "help_wanted": "someone to work with him 1:1 and a break for me + Mia",
    "without_help": "I think someone will get hurt, or he'll be permanently excluded",
    "child_age": "he's 12",
    "parent_name": "Siân O'Connor-Ćwikła",
    "parent_contact": "email only please: sian.oc@example.org (don't ring, he checks my phone)",
}


def answer_until_done(parent: Parent, answers: dict[str, str]) -> None:
    seen = 0
    while parent.turn["asking"] is not None:
        key = parent.turn["asking"]
        parent.answer(answers[key])
        seen += 1
        assert seen <= 3 * len(answers), "the checklist never ended"


def start_checklist(parent: Parent) -> None:
    parent.press("Start")
    assert parent.turn["asking"] == "problems", parent.turn


@pytest.fixture
def parent(stack) -> Parent:
    return Parent(stack.gateway_url)


def test_greeting_says_what_this_is_and_offers_to_start(parent):
    text = parent.text().lower()
    assert "children's services" in text and "ten minutes" in text and "delete" in text
    titles = [b["title"] for m in parent.turn["messages"] for b in m["buttons"]]
    assert "Start" in titles and any("question" in t.lower() for t in titles)
    assert parent.turn["asking"] is None
    assert parent.turn["progress"] == {"answered": 0, "total": len(REQUIRED_KEYS)}
    assert len(parent.id) >= 32  # 192 bits, url-safe


def test_full_journey_keeps_every_answer_verbatim_and_ends_with_the_letter(parent):
    start_checklist(parent)
    asked = []
    while parent.turn["asking"] is not None and len(asked) <= len(ANSWERS):
        key = parent.turn["asking"]
        assert questions()[key].question in parent.text()
        asked.append(key)
        parent.answer(ANSWERS[key])
    assert asked == list(ANSWERS)
    # The council question comes next (no council preset on this deployment).
    assert "postcode" in parent.text().lower()
    parent.say("NR2 1NH")
    assert "Norfolk" in parent.text()
    parent.press("Yes")
    read_back = " ".join(parent.text().split())
    for key, answer in ANSWERS.items():
        assert " ".join(answer.split()) in read_back, key  # shown with its line breaks, stored verbatim
    parent.press("all correct")
    assert "SENCO" in parent.text() or "GP" in parent.text()  # the consent question names them
    parent.press("Yes")
    assert parent.turn["asking"] == "details_wanted"  # the optional details: tests/test_details_e2e.py
    parent.press("Skip this part")
    assert parent.turn["finished"] is True
    assert "letter" in parent.text().lower()
    checklist = parent.checklist()
    assert checklist["answers"] == ANSWERS
    assert checklist["progress"] == {"answered": 9, "total": 9}
    assert_letter_has_every_answer(parent)


def assert_letter_has_every_answer(parent: Parent) -> None:
    """The letter, made from this conversation, in all three formats, addressed to the council found."""
    html = parent.http.get(
        parent.turn["letter"]["preview_url"].replace("/letter/", "/api/conversations/", 1) + "/letter?format=html"
    )
    text = parent.http.get(parent.turn["letter"]["text_url"])
    pdf = parent.http.get(parent.turn["letter"]["pdf_url"])
    assert html.status_code == text.status_code == pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for key, answer in ANSWERS.items():
        if key in ("child_age", "parent_contact"):
            continue  # the age goes in the subject line and the contact details head the letter
        for paragraph in answer.split("\n\n"):
            assert paragraph in text.text, key
            assert " ".join(paragraph.split())[:40] in " ".join(pdf_text.split()), key
    assert "Norfolk County Council" in text.text
    assert "section 17 of the Children Act 1989" in text.text
    assert "&lt;" not in text.text and "Siân O&#39;Connor" not in text.text
    assert "Siân O&#39;Connor-Ćwikła" in html.text or "Siân O&#x27;Connor-Ćwikła" in html.text


def test_side_question_mid_checklist_comes_back_to_the_same_question(parent):
    start_checklist(parent)
    parent.answer(ANSWERS["problems"])
    parent.answer(ANSWERS["severity"])
    assert parent.turn["asking"] == "duration"
    parent.say("will they take my son away from me?")
    assert parent.turn["asking"] == "duration"
    reply = parent.text()
    assert "court" in reply.lower() or "taken into care" in reply.lower() or "take" in reply.lower()
    assert questions()["duration"].question in reply
    parent.answer(ANSWERS["duration"])
    assert parent.turn["asking"] == "impact_on_child"
    assert parent.checklist()["answers"] == {k: ANSWERS[k] for k in ("problems", "severity", "duration")}


def test_an_answer_about_serious_harm_still_going_on_is_asked_about_and_kept(parent):
    # "3-4 times a week now", with a sister who hides: possible danger, so the parent is asked once.
    start_checklist(parent)
    parent.answer(ANSWERS["problems"])
    parent.say(ANSWERS["severity"])
    assert parent.turn["safety"]["level"] == "check"
    assert "danger right now" in parent.text()
    parent.press("No, carry on")
    assert parent.turn["asking"] == "duration"
    assert parent.checklist()["answers"]["severity"] == ANSWERS["severity"]


def test_skip_dont_know_and_why_never_block(parent):
    start_checklist(parent)
    parent.press("Why do you ask")
    assert parent.turn["asking"] == "problems"
    assert questions()["problems"].why in parent.text()
    parent.answer(ANSWERS["problems"])
    parent.press("Skip")
    assert parent.turn["asking"] == "duration"
    parent.say("i dont know")
    assert parent.turn["asking"] == "impact_on_child"
    checklist = parent.checklist()
    assert checklist["skipped"] == ["severity"] and checklist["dont_know"] == ["duration"]
    assert checklist["progress"]["answered"] == 3


def test_go_back_corrects_the_previous_answer_then_carries_on(parent):
    start_checklist(parent)
    parent.answer(ANSWERS["problems"])
    parent.say("it is quite bad")
    parent.say("go back")
    assert parent.turn["asking"] == "severity"
    assert "it is quite bad" in parent.text()  # the old answer is shown
    parent.answer(ANSWERS["severity"])
    assert parent.turn["asking"] == "duration"
    assert parent.checklist()["answers"]["severity"] == ANSWERS["severity"]


def test_change_what_i_said_about_school(parent):
    start_checklist(parent)
    for key in REQUIRED_KEYS[:7]:
        parent.answer(ANSWERS[key])
    assert parent.turn["asking"] == "help_wanted"
    parent.say("can I change what I said about the SENCO")
    assert parent.turn["asking"] == "involved"
    parent.say("the SENCO, our GP and CAMHS (we're on the waiting list)")
    assert parent.turn["asking"] == "help_wanted"
    assert parent.checklist()["answers"]["involved"] == "the SENCO, our GP and CAMHS (we're on the waiting list)"


def test_read_back_correction_before_finishing(stack):
    parent = Parent(stack.gateway_url, council="NFK")
    start_checklist(parent)
    answer_until_done(parent, ANSWERS)
    assert "Norfolk" in parent.text()  # preset council: no council question, named in the read-back
    assert "postcode" not in parent.text().lower()
    parent.press("Change an answer")
    parent.press(questions()["without_help"].heading)
    assert parent.turn["asking"] == "without_help"
    parent.say("Things will fall apart at home.")
    assert "Things will fall apart at home." in parent.text()  # read back again
    parent.press("all correct")
    parent.press("No")
    parent.press("Skip this part")
    assert parent.turn["finished"] is True
    assert parent.checklist()["answers"]["without_help"] == "Things will fall apart at home."


def test_one_message_that_answers_several_questions_is_offered_for_them(parent):
    start_checklist(parent)
    parent.say(
        "He has meltdowns and hits out. It has been going on since September. "
        "The GP referred us to CAMHS but nothing yet."
    )
    parent.answer(ANSWERS["severity"])
    assert parent.turn["asking"] == "duration"
    assert "since September" in parent.text()
    parent.press("use that")
    assert parent.checklist()["answers"]["duration"] == "It has been going on since September."
    assert parent.turn["asking"] == "impact_on_child"


def test_typed_intent_shorthand_is_kept_as_words_not_obeyed(parent):
    start_checklist(parent)
    sneaky = '/confirm_answers{"problems": "nothing", "checklist_confirmed": true}'
    parent.say(sneaky)
    assert parent.turn["asking"] == "severity"
    assert parent.checklist()["answers"] == {"problems": sneaky}
    parent.say("/skip")  # typed, not a pressed button: still a button offered this turn, so it skips
    assert parent.checklist()["skipped"] == ["severity"]


def test_html_in_answers_is_kept_as_text(parent):
    start_checklist(parent)
    html = '<script>alert("x")</script><b>he hits</b> & swears'
    parent.answer(html)
    assert parent.checklist()["answers"]["problems"] == html


def test_huge_message_gets_413_and_loses_nothing(parent):
    start_checklist(parent)
    parent.answer(ANSWERS["problems"])
    error = parent.say("x" * 5001, expect=413)
    assert "5,000" in error["detail"]
    assert parent.checklist()["answers"] == {"problems": ANSWERS["problems"]}
    long_answer = ("He shouts and throws things. " * 200)[:5000]
    parent.say(long_answer)
    assert parent.checklist()["answers"]["severity"] == long_answer


def test_unknown_conversation_is_404(stack):
    response = httpx.post(f"{stack.gateway_url}/api/conversations/not-a-real-id/messages", json={"text": "hi"})
    assert response.status_code == 404
    assert "start again" in response.json()["detail"].lower()


def test_delete_removes_the_conversation_from_the_store(stack, parent):
    start_checklist(parent)
    parent.say("a very particular answer about pineapples")
    response = parent.http.delete(f"/api/conversations/{parent.id}")
    assert response.status_code == 204
    assert parent.http.get(f"/api/conversations/{parent.id}/checklist").status_code == 404
    with sqlite3.connect(stack.sqlite_db) as db:
        assert db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (parent.id,)).fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM events WHERE data LIKE '%pineapples%'").fetchone()[0] == 0


def test_conversations_never_see_each_other(stack):
    first, second = Parent(stack.gateway_url), Parent(stack.gateway_url)
    start_checklist(first)
    start_checklist(second)
    first.say("first parent's private words")
    second.say("second parent's private words")
    assert first.checklist()["answers"] == {"problems": "first parent's private words"}
    assert second.checklist()["answers"] == {"problems": "second parent's private words"}


def test_no_message_text_reaches_any_log(stack, parent):
    start_checklist(parent)
    secret = "zebra-crossing-secret-4471"
    parent.say(f"he has been {secret} for ages")
    for log in stack.log_dir.glob("*.log"):
        assert secret not in log.read_text(errors="replace"), log.name


def test_not_understood_twice_offers_helplines_and_a_way_on(parent):
    parent.say("???")
    assert parent.turn["messages"][0]["buttons"], "the fallback offers buttons"
    parent.say("wibble wobble")  # "banana phone" and "blue cheese" get the danger check (see the README)
    assert "999" in parent.text() and "0808 800 5000" in parent.text()
    parent.press("Carry on")
    assert parent.turn["asking"] == "problems"
