"""Real-browser testing of the chat widget: Debian's Chromium driven by Playwright.

Never `playwright install`: the browser is the system's /usr/bin/chromium (apt). axe-core comes from
.cache/axe (tools/install_axe.sh), never a CDN. Screenshots go to test-artifacts/ (not committed).
Tests get the fixtures by importing them: `from browser_support import chromium, open_widget`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from bot.paths import ROOT

CHROMIUM = Path(os.environ.get("RTA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
AXE_JS = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# The widget's default Exit this page target. The test machine has no internet, so the browser is
# answered locally for it: what matters is that the page went there.
EXIT_URL = "https://www.bbc.co.uk/weather"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
TURN_TIMEOUT_MS = 60_000

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 640}

# What a parent types for each checklist question: ordinary worries that should not read as an emergency.
ANSWERS = {
    "problems": "My son finds school very hard and struggles to sleep at night.",
    "severity": "It happens most days and it is slowly getting harder for all of us.",
    "duration": "About a year now, since he moved up to a new class.",
    "impact_on_child": "He is tired, misses lessons and has stopped seeing his friends.",
    "siblings": "He has a younger sister who is five.",
    "tried": "We talked to his school and saw our GP, who put him on a waiting list.",
    "involved": "His teacher Ms Patel and our GP Dr Khan.",
    "help_wanted": "Help with his sleep and some support for me as a parent.",
    "without_help": "I worry he will fall further behind and become more unhappy.",
    "child_age": "He is nine.",
    "parent_name": "Sam",
    "parent_contact": "sam@example.org",
}
POSTCODE = "BA1 1AA"
# Buttons a journey presses to move on, in order of preference (matched against the button's title).
MOVE_ON = [r"^start$", r"all correct", r"^yes\b", r"carry on", r"start the checklist"]
NEVER_PRESS = re.compile(r"skip|why|don.t know|change|question first|no\b", re.I)

# Shadow-DOM-aware helpers run in the page.
JS_DEEP_ACTIVE = """() => {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a;
}"""


def launch_chromium(playwright):
    if not CHROMIUM.exists():
        pytest.fail(
            f"Debian's Chromium is missing at {CHROMIUM}: `apt-get install chromium` (never `playwright install`)"
        )
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


# Module scope: every test module imports this fixture, and Playwright's sync API allows only one
# instance at a time in a thread, so each module starts and stops its own browser (about a second).
@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


@dataclass
class WidgetPage:
    """One browser tab on a demo page, with the steps a parent takes in the chat."""

    page: object
    gateway_url: str
    test_name: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    shots: int = 0

    # ----- pages and artefacts ------------------------------------------------------------

    def open(self, path: str = "/") -> WidgetPage:
        self.page.goto(self.gateway_url + path)
        # Styled and shown (the widget stays hidden until its stylesheet has loaded).
        self.page.locator("ready-to-ask .rta:not([hidden])").wait_for(state="attached")
        return self

    def screenshot(self, name: str, full_page: bool = False) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        self.shots += 1
        path = ARTIFACTS / f"{slug(self.test_name)}-{self.shots:02d}-{slug(name)}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    @property
    def widget(self):
        return self.page.locator("ready-to-ask")

    def part(self, selector: str):
        # Playwright's CSS locators go through open shadow roots.
        return self.page.locator(f"ready-to-ask {selector}")

    # ----- what the browser holds -----------------------------------------------------------

    def stored(self) -> dict | None:
        """The widget's copy in sessionStorage (conversation id, transcript, asking, progress…)."""
        raw = self.page.evaluate(
            "() => Object.keys(sessionStorage).filter(k => k.startsWith('ready-to-ask:'))"
            ".map(k => sessionStorage.getItem(k))"
        )
        return json.loads(raw[0]) if raw else None

    def storage_keys(self) -> list[str]:
        return self.page.evaluate("() => Object.keys(sessionStorage)")

    def _messages(self, selector: str) -> list[str]:
        # The words of each message, without the "You said:" label kept for screen readers.
        return self.part(selector).evaluate_all(
            "bubbles => bubbles.map(b => [...b.querySelectorAll('p')].map(p => p.innerText).join('\\n'))"
        )

    def bot_messages(self) -> list[str]:
        return self._messages(".rta-from-bot")

    def user_messages(self) -> list[str]:
        return self._messages(".rta-from-user")

    def reply_buttons(self) -> list[dict]:
        return self.page.evaluate(
            """() => [...document.querySelector('ready-to-ask').shadowRoot.querySelectorAll('.rta-reply')]
                     .map(b => ({title: b.textContent, payload: b.dataset.payload}))"""
        )

    def notice(self) -> str:
        notice = self.part(".rta-notice")
        return notice.inner_text() if notice.is_visible() else ""

    def deep_focus(self) -> dict:
        return self.page.evaluate(
            f"""() => {{ const a = ({JS_DEEP_ACTIVE})();
                 if (!a) return {{}};
                 const s = getComputedStyle(a);
                 return {{tag: a.tagName.toLowerCase(), text: (a.textContent || '').trim(), cls: a.className || '',
                          outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow}}; }}"""
        )

    # ----- a parent's steps ---------------------------------------------------------------

    def wait_for_turn(self, bot_messages_before: int) -> None:
        """Waits until the bot has answered (new message, not busy) or the widget shows a problem."""
        self.page.wait_for_function(
            """(before) => {
                 const root = document.querySelector('ready-to-ask').shadowRoot;
                 const typing = root.querySelector('.rta-typing');
                 const notice = root.querySelector('.rta-notice');
                 const done = root.querySelectorAll('.rta-from-bot').length > before && typing.hidden;
                 return done || (!notice.hidden && typing.hidden);
               }""",
            arg=bot_messages_before,
            timeout=TURN_TIMEOUT_MS,
        )
        problem = self.notice()
        if problem:
            raise AssertionError(f"the widget showed a problem: {problem!r}")

    def wait_until_idle(self) -> None:
        self.page.wait_for_function(
            "() => document.querySelector('ready-to-ask').shadowRoot.querySelector('.rta-typing').hidden",
            timeout=TURN_TIMEOUT_MS,
        )

    def open_launcher(self) -> None:
        if self.part(".rta-open").count() and not self.part("dialog").evaluate("d => d.open"):
            self.part(".rta-open").click()

    def start(self) -> None:
        before = len(self.bot_messages())
        self.part(".rta-intro .rta-button").click()
        self.wait_for_turn(before)

    def type_answer(self, text: str, use_send_button: bool = False) -> None:
        before = len(self.bot_messages())
        box = self.part("textarea")
        box.fill(text)
        if use_send_button:
            self.part(".rta-send").click()
        else:
            box.press("Enter")
        self.wait_for_turn(before)

    def press_reply(self, title_pattern: str) -> None:
        before = len(self.bot_messages())
        self.part(".rta-reply").filter(has_text=re.compile(title_pattern, re.I)).first.click()
        self.wait_for_turn(before)

    def next_move(self, postcode: str | None = POSTCODE):
        """What a parent would do now: ("type", text) or ("press", title pattern); None when the letter is ready."""
        state = self.stored() or {}
        if state.get("finished"):
            return None
        asking = state.get("asking")
        if asking in ANSWERS:
            return ("type", ANSWERS[asking])
        # The council question is not a checklist question (asking is null): it is the one asking for a postcode.
        last = (self.bot_messages() or [""])[-1].lower()
        if (asking and ("council" in asking or "postcode" in asking)) or (not asking and "postcode" in last):
            return ("type", postcode or POSTCODE)
        titles = [button["title"] for button in self.reply_buttons()]
        for pattern in MOVE_ON:
            if any(re.search(pattern, title, re.I) for title in titles):
                return ("press", pattern)
        safe = [title for title in titles if not NEVER_PRESS.search(title)]
        if safe:
            return ("press", "^" + re.escape(safe[0]) + "$")
        if asking:
            return ("type", "I would rather not say.")
        raise AssertionError(f"stuck: asking={asking!r}, buttons={titles!r}, last={self.bot_messages()[-1:]!r}")

    def reach_first_question(self) -> str:
        """Starts the chat and presses on until a question wants typing; returns the answer to type."""
        self.start()
        kind, value = self.next_move()
        while kind != "type":
            self.press_reply(value)
            kind, value = self.next_move()
        return value

    def finish_checklist(self, postcode: str | None = POSTCODE, max_turns: int = 60, screenshot_every: int = 0) -> int:
        """Answers everything the bot asks, by typing and clicking, until the letter is offered."""
        for turn in range(max_turns):
            move = self.next_move(postcode)
            if move is None:
                return turn
            kind, value = move
            if kind == "type":
                self.type_answer(value, use_send_button=turn % 2 == 1)
            else:
                self.press_reply(value)
            if screenshot_every and turn % screenshot_every == 0:
                self.screenshot(f"turn-{turn}")
        raise AssertionError(f"no letter after {max_turns} turns; last messages: {self.bot_messages()[-3:]!r}")

    # ----- checks -------------------------------------------------------------------------

    def axe_violations(self) -> list[dict]:
        """axe-core's WCAG 2.2 A/AA and best-practice violations on the page as it is now (shadow DOM included)."""
        if not AXE_JS.exists():
            pytest.fail(f"axe-core is not installed at {AXE_JS}: run tools/install_axe.sh")
        # evaluate() runs through the DevTools protocol, so the page's CSP does not block axe.
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
        result = self.page.evaluate(
            "async (tags) => await axe.run(document,"
            " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [node["target"] for node in v["nodes"]][:5],
                "summary": v["nodes"][0].get("failureSummary", "") if v["nodes"] else "",
            }
            for v in result["violations"]
        ]

    def assert_only_gateway_traffic(self, allowed_extra: tuple[str, ...] = ()) -> None:
        gateway = urlsplit(self.gateway_url)
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme == "data" or any(url.startswith(extra) for extra in allowed_extra):
                continue
            assert (parts.scheme, parts.netloc) == (gateway.scheme, gateway.netloc), (
                f"request outside the gateway: {url}"
            )

    def assert_no_page_problems(self) -> None:
        assert not self.problems, f"console errors or CSP violations: {self.problems}"


@pytest.fixture
def open_widget(chromium, stack, request):
    """A factory: open_widget(path="/", viewport=DESKTOP, **context options) -> WidgetPage on the real stack."""
    contexts = []
    pages: list[WidgetPage] = []
    # This run's screenshots only: drop the ones an earlier run of this test left behind.
    for old in ARTIFACTS.glob(f"{slug(request.node.name)}-[0-9][0-9]-*.png"):
        old.unlink(missing_ok=True)

    def factory(path: str = "/", viewport: dict | None = None, **context_options) -> WidgetPage:
        context = chromium.new_context(viewport=viewport or DESKTOP, service_workers="block", **context_options)
        contexts.append(context)
        page = context.new_page()
        widget_page = WidgetPage(page=page, gateway_url=stack.gateway_url.rstrip("/"), test_name=request.node.name)
        page.on("request", lambda req: widget_page.requests.append(req.url))
        page.on(
            "console",
            lambda message: (
                widget_page.problems.append(message.text)
                if message.type == "error" and "Failed to load resource" not in message.text
                else None
            ),
        )
        page.on("pageerror", lambda error: widget_page.problems.append(str(error)))
        # No internet here: answer the neutral exit site locally, so the test can see the page went there.
        page.route(
            EXIT_URL + "*",
            lambda route: route.fulfill(
                status=200, content_type="text/html", body="<title>Weather</title><p>Weather</p>"
            ),
        )
        pages.append(widget_page)
        return widget_page.open(path) if path else widget_page

    yield factory
    for widget_page in pages:
        try:
            if not widget_page.page.is_closed() and not widget_page.shots:
                widget_page.screenshot("end")
        except Exception:  # noqa: BLE001 - a screenshot must never hide the test's own result
            pass
    for context in contexts:
        context.close()


def server_has_conversation(gateway_url: str, conversation_id: str) -> bool:
    response = httpx.get(f"{gateway_url.rstrip('/')}/api/conversations/{conversation_id}", timeout=30)
    assert response.status_code in (200, 404), response.text
    return response.status_code == 200
