"""The preview page in a real browser, under the gateway's security headers (no inline script allowed):
the parent's edits reach the printed letter, an emptied box leaves no trace, nothing is fetched elsewhere."""

import socket
import threading
import time

import pytest
import uvicorn
from browser_support import ARTIFACTS, chromium  # noqa: F401  (a fixture)
from fastapi import FastAPI

from bot.gateway import routes_pages
from bot.gateway.routes_letter import router
from bot.gateway.security import install_security
from bot.letter.examples import FULL_JOURNEY
from bot.settings import load_settings

pytestmark = pytest.mark.browser


class Conversations:
    async def slots(self, conversation_id):
        return FULL_JOURNEY if conversation_id == "demo" else None


DELETED = []


@pytest.fixture(scope="module")
def preview_url():
    app = FastAPI()
    app.include_router(router)
    app.include_router(routes_pages.router)  # serves /widget/*: the chat's Shift x3 shortcut and wording
    app.state.conversations = Conversations()

    @app.delete("/api/conversations/{conversation_id}", status_code=204)
    async def delete(conversation_id: str):  # stands in for the conversation API's deletion
        DELETED.append(conversation_id)

    install_security(app, load_settings())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/letter/demo"
    server.should_exit = True
    thread.join(timeout=5)


def test_edits_reach_the_printed_letter(chromium, preview_url):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(preview_url)

    assert page.is_visible(".print-button")  # the script ran under the CSP and showed Print
    page.fill("#field-section_problems", "Edited on the page.\n\nA second paragraph with <b>tags</b>.")
    page.fill("#field-section_tried", "")
    page.fill("#field-asks", "1. Ring me back\n2. Send the plan")
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "letter-preview-print.png"), full_page=True)

    printed = page.inner_text(".print-copy")
    assert not page.is_visible("form.letter-form")  # on paper, only the letter
    assert "Edited on the page." in printed and "A second paragraph with <b>tags</b>." in printed
    assert page.locator('.print-copy [data-field="section_problems"] p').count() == 2
    assert "What we have tried" not in printed
    assert page.locator('.print-copy [data-field="asks"] li').all_inner_texts() == ["Ring me back", "Send the plan"]
    assert all(url.startswith(preview_url.rsplit("/letter/", 1)[0]) for url in requested)
    assert not [text for text in problems if "Content Security Policy" in text]
    context.close()


EXIT_URL = "https://www.bbc.co.uk/weather"


def open_preview(chromium, preview_url):
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    # The test machine has no internet: the neutral site is answered locally; what matters is that we went.
    page.route(EXIT_URL + "*", lambda route: route.fulfill(status=200, content_type="text/html", body="<p>Weather</p>"))
    page.goto(preview_url)
    return context, page


@pytest.mark.parametrize("how", ["button", "shift three times"])
def test_exit_this_page_deletes_the_conversation_and_leaves(chromium, preview_url, how):
    DELETED.clear()
    context, page = open_preview(chromium, preview_url)
    page.fill("#field-section_problems", "Something private.")
    entries = page.evaluate("history.length")
    if how == "button":
        page.click(".exit-this-page")
    else:
        page.wait_for_selector('.exit-this-page[data-shortcut="ready"]')  # loaded from the widget's files
        page.locator("#field-section_problems").focus()
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    assert DELETED == ["demo"]
    assert page.evaluate("history.length") == entries  # replaced, so Back does not return to the letter
    context.close()


@pytest.mark.parametrize("media", ["screen", "print"])
def test_preview_page_passes_axe(chromium, preview_url, media):
    """WCAG 2.2 A/AA and best-practice checks (axe-core) on the preview page, and on the letter as printed."""
    from browser_support import WidgetPage

    context, page = open_preview(chromium, preview_url)
    page.emulate_media(media=media)
    violations = WidgetPage(page=page, gateway_url=preview_url, test_name="letter preview").axe_violations()
    assert violations == []
    context.close()
