"""The letter over HTTP: made from the conversation, the preview page, and PDFs of edited text."""

import re
from urllib.parse import urlencode

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.conversation.checklist import SKIPPED, questions
from bot.gateway.routes_letter import MAX_LETTER_CHARS, router
from bot.letter import build_letter
from bot.letter.examples import ANSWERS, FULL_JOURNEY, docx_text, html_elements, html_tags, html_text, pdf_text, words


class Conversations:
    """The gateway's conversation store, as the letter routes see it: slot values by conversation id."""

    def __init__(self, conversations):
        self.conversations = conversations

    async def slots(self, conversation_id):
        return self.conversations.get(conversation_id)


@pytest.fixture()
def client():
    app = FastAPI()
    app.include_router(router)
    app.state.conversations = Conversations(
        {
            "full": FULL_JOURNEY,
            "skipped": {**FULL_JOURNEY, "siblings": SKIPPED, "council_code": None},
        }
    )
    return TestClient(app)


def test_html_letter(client):
    response = client.get("/api/conversations/full/letter?format=html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert re.fullmatch(
        r'inline; filename="letter-to-childrens-services-\d{4}-\d\d-\d\d\.html"',
        response.headers["content-disposition"],
    )
    text = html_text(response.text)
    for answer in ANSWERS.values():
        assert words(answer) in text


def test_html_is_the_default(client):
    assert client.get("/api/conversations/full/letter").headers["content-type"].startswith("text/html")


def test_text_letter(client):
    response = client.get("/api/conversations/full/letter", params={"format": "txt"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-disposition"].endswith('.txt"')
    for answer in ANSWERS.values():
        assert answer in response.text


def test_pdf_letter(client):
    response = client.get("/api/conversations/full/letter?format=pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="letter-to-childrens-services-\d{4}-\d\d-\d\d\.pdf"',
        response.headers["content-disposition"],
    )
    assert "Siân" not in response.headers["content-disposition"]  # no names in a downloads list
    text = pdf_text(response.content)
    for answer in ANSWERS.values():
        assert words(answer) in text


def test_skipped_topic_leaves_no_trace_over_http(client):
    response = client.get("/api/conversations/skipped/letter?format=txt")
    assert questions()["siblings"].heading not in response.text
    assert ANSWERS["siblings"] not in response.text


def test_unknown_conversation_is_404(client):
    assert client.get("/api/conversations/nope/letter?format=pdf").status_code == 404
    assert client.get("/letter/nope").status_code == 404


def test_unknown_format_is_a_clear_400(client):
    response = client.get("/api/conversations/full/letter?format=odt")
    assert response.status_code == 400
    assert "html, txt, pdf or docx" in response.json()["detail"]


def test_word_letter(client):
    response = client.get("/api/conversations/full/letter?format=docx")
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert re.fullmatch(
        r'attachment; filename="letter-to-childrens-services-\d{4}-\d\d-\d\d\.docx"',
        response.headers["content-disposition"],
    )
    text = docx_text(response.content)
    for answer in ANSWERS.values():
        assert words(answer) in text


def test_edited_letter_as_a_word_document(client):
    fields = build_letter(FULL_JOURNEY).to_fields()
    fields["section_problems"] = "Rewritten by me in the preview."
    response = client.post(
        "/letter/docx", content=urlencode(fields), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 200
    assert "Rewritten by me in the preview." in docx_text(response.content)


def test_preview_page_has_a_box_per_part_filled_with_the_letter(client):
    response = client.get("/letter/full")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    page = response.text
    letter = build_letter(FULL_JOURNEY)
    for name, text in letter.to_fields().items():
        match = re.search(rf'<textarea id="field-{name}" name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
        assert match, name
        assert html_text(match.group(1)) == words(text)
    assert 'action="/letter/pdf"' in page and 'method="post"' in page
    assert "Download PDF" in page and "Print" in page


def test_preview_page_has_no_inline_script_and_no_outside_assets(client):
    page = client.get("/letter/full").text
    elements = html_elements(page)
    scripts = [attrs for tag, attrs in elements if tag == "script"]
    assert scripts == [{"src": "/letter/static/preview.js", "defer": None}]
    assert re.search(r"<script[^>]*></script>", page)  # nothing inside the script element
    assert "style" not in [tag for tag, _ in elements]
    for tag, attrs in elements:
        assert "style" not in attrs and not any(name.startswith("on") for name in attrs), tag
    assets = [attrs.get("src") or attrs.get("href") for tag, attrs in elements if tag in ("script", "link", "img")]
    assert len(assets) == 3
    for url in assets:
        assert url.startswith("/letter/static/"), url
        assert client.get(url).status_code == 200


def test_preview_page_has_exit_this_page_for_this_conversation(client):
    links = [attrs for tag, attrs in html_elements(client.get("/letter/full").text) if tag == "a"]
    assert links == [
        {
            "class": "exit-this-page",
            "href": "https://www.bbc.co.uk/weather",
            "rel": "noreferrer",
            "data-conversation-id": "full",
        }
    ]


def test_static_files_only_the_known_ones(client):
    assert client.get("/letter/static/preview.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/letter/static/letter.css").headers["content-type"].startswith("text/css")
    assert client.get("/letter/static/..%2Fmodel.py").status_code == 404
    assert client.get("/letter/static/secret.txt").status_code == 404


def form(fields):
    return {"content": urlencode(fields), "headers": {"Content-Type": "application/x-www-form-urlencoded"}}


def test_pdf_from_the_edited_preview(client):
    fields = build_letter(FULL_JOURNEY).to_fields()
    fields["section_problems"] = "I changed this: <b>he is worse</b> since Zoë left for Llanfairpwllgwyngyll."
    fields["section_tried"] = ""
    response = client.post("/letter/pdf", **form(fields))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    text = pdf_text(response.content)
    assert "I changed this: <b>he is worse</b> since Zoë left for Llanfairpwllgwyngyll." in text
    assert words(ANSWERS["problems"]) not in text
    assert words(questions()["tried"].heading) not in text  # an emptied box drops its part
    assert words(ANSWERS["help_wanted"]) in text


def test_text_from_the_edited_preview(client):
    fields = build_letter(FULL_JOURNEY).to_fields()
    fields["sender"] = "Zoë Ćwikła\nzoe@example.org"
    response = client.post("/letter/txt", **form(fields))
    assert response.status_code == 200
    assert response.text.startswith("Zoë Ćwikła\nzoe@example.org\n\n")


def test_edited_letter_is_not_stored(client):
    fields = build_letter(FULL_JOURNEY).to_fields()
    fields["section_problems"] = "A private edit."
    client.post("/letter/pdf", **form(fields))
    assert "A private edit." not in client.get("/api/conversations/full/letter?format=txt").text


def test_too_long_a_letter_gets_a_clear_page(client):
    fields = {"section_problems": "x" * (MAX_LETTER_CHARS + 1)}
    response = client.post("/letter/pdf", **form(fields))
    assert response.status_code == 413
    assert "too long" in html_text(response.text)
    assert "your changes are still on the page" in response.text


def test_not_a_form_gets_a_clear_page(client):
    response = client.post("/letter/pdf", json={"section_problems": "hello"})
    assert response.status_code == 415
    assert "We could not read your letter" in response.text
    assert "script" not in html_tags(response.text)
