"""The widget on someone else's website: one script tag from the gateway, allowed only for the sites in
RTA_CORS_ORIGINS, and untouched by the host page's own (here deliberately hostile) CSS.

A second gateway process is started on the real stack's Rasa and conversation store, configured as a
deployment that lets one charity site embed the chat. The charity's page comes from a tiny server on this
machine: http://localhost:<port> is the allowed site, and the same server as http://127.0.0.1:<port> is a
different origin that is not on the list. (Both on loopback, so the browser's rules for public sites
calling private addresses do not get in the way, as they would not for a real public gateway.)
"""

import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from browser_support import DESKTOP, WidgetPage, chromium, server_has_conversation  # noqa: F401

from bot.paths import ROOT
from bot.run.launcher import free_port

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

# A host page doing its worst: global rules that would wreck any chat not protected by its shadow root.
HOSTILE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>A charity</title>
<style>
  * { font-size: 40px !important; color: #ff00ff !important; background: #00ff00 !important; }
  button, textarea { display: none !important; }
  p { visibility: hidden !important; }
</style>
<script type="module" src="{gateway}/widget/ready-to-ask.js"></script>
</head><body><main><h1>Our charity</h1>
<ready-to-ask gateway="{gateway}" chat-title="Talk to us" colour-accent="#005a30"></ready-to-ask>
</main></body></html>"""


@pytest.fixture(scope="module")
def charity_server():
    """Serves the charity's page (any path) on a free loopback port; yields the port."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages["html"].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.pages = pages
    yield server
    server.shutdown()


@pytest.fixture(scope="module")
def embedding_gateway(stack, charity_server):
    """The same product, deployed with RTA_CORS_ORIGINS naming the charity's site."""
    port = free_port()
    charity_site = f"http://localhost:{charity_server.server_port}"
    env = {**stack.environment(), "RTA_PORT": str(port), "RTA_CORS_ORIGINS": charity_site}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bot.gateway.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if httpx.get(f"{url}/health", timeout=2).json().get("status") == "ok":
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                pytest.fail("the second gateway stopped while starting")
            time.sleep(0.5)
        else:
            pytest.fail("the second gateway did not start")
        charity_server.pages["html"] = HOSTILE_PAGE.replace("{gateway}", url)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def host_page(chromium, site):
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(site + "/advice")
    return context, page, errors


def test_an_allowed_site_embeds_the_chat_with_one_script_tag(chromium, embedding_gateway, charity_server):
    context, page, errors = host_page(chromium, f"http://localhost:{charity_server.server_port}")
    try:
        widget = WidgetPage(page=page, gateway_url=embedding_gateway, test_name="embedded on a charity site")
        try:
            page.locator("ready-to-ask .rta:not([hidden])").wait_for(state="attached", timeout=15_000)
        except Exception:  # noqa: BLE001 - any failure to load is reported with the page's errors
            pytest.fail(f"the chat did not load on the allowed site: {errors}")
        # The host's CSS reaches none of the chat.
        start = widget.part(".rta-intro .rta-button")
        assert start.is_visible()
        style = start.evaluate("b => { const s = getComputedStyle(b); return [s.fontSize, s.color, s.display]; }")
        assert style == ["16px", "rgb(255, 255, 255)", "inline-block"]
        assert widget.part(".rta-title").inner_text() == "Talk to us"
        assert widget.part(".rta-intro p:not([hidden])").first.is_visible()
        widget.start()
        kind, value = widget.next_move()
        while kind != "type":
            widget.press_reply(value)
            kind, value = widget.next_move()
        widget.type_answer(value)
        conversation_id = widget.stored()["id"]
        assert server_has_conversation(embedding_gateway, conversation_id)
        assert context.cookies() == []
        widget.screenshot("embedded on a hostile page")
    finally:
        context.close()


def test_a_site_not_on_the_list_cannot_load_the_chat(chromium, embedding_gateway, charity_server):
    context, page, errors = host_page(chromium, f"http://127.0.0.1:{charity_server.server_port}")
    try:
        page.wait_for_timeout(1000)
        # The module script is refused by CORS, so the element never becomes the chat.
        assert page.evaluate("() => customElements.get('ready-to-ask') === undefined")
        assert any("CORS" in error or "Access-Control-Allow-Origin" in error for error in errors), errors
    finally:
        context.close()
