"""axe-core (installed from npm at set-up, never a CDN) finds no WCAG 2.2 A/AA or best-practice
violation on either demo page, before and during a conversation, and with the letter offered."""

import pytest
from browser_support import PHONE, chromium, open_widget  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def assert_no_violations(widget, moment):
    violations = widget.axe_violations()
    widget.screenshot(moment)
    assert violations == [], f"{moment}: {violations}"


@pytest.mark.parametrize("path", ["/", "/demo/charity"])
def test_demo_pages_have_no_violations(open_widget, path):
    widget = open_widget(path)
    assert_no_violations(widget, "page loaded")


def test_council_page_mid_conversation_and_with_the_letter(open_widget):
    widget = open_widget("/")
    widget.start()
    assert_no_violations(widget, "greeting")
    for _ in range(3):
        kind, value = widget.next_move()
        widget.type_answer(value) if kind == "type" else widget.press_reply(value)
    assert_no_violations(widget, "mid conversation")
    # A confirmation and an error message are part of the page too.
    widget.part(".rta-actions button").first.click()
    assert_no_violations(widget, "confirm start again")
    widget.part(".rta-confirm .rta-button-secondary").click()
    widget.page.context.set_offline(True)
    widget.part("textarea").fill("An answer that cannot be sent yet")
    widget.part(".rta-send").click()
    widget.part(".rta-notice").wait_for(state="visible")
    assert_no_violations(widget, "network error")
    widget.page.context.set_offline(False)
    widget.part(".rta-retry").click()
    widget.wait_until_idle()
    widget.finish_checklist()
    assert_no_violations(widget, "letter offered")


def test_charity_chat_open_on_a_phone_mid_conversation(open_widget):
    widget = open_widget("/demo/charity", viewport=PHONE)
    widget.open_launcher()
    assert_no_violations(widget, "chat open")
    widget.start()
    for _ in range(2):
        kind, value = widget.next_move()
        widget.type_answer(value) if kind == "type" else widget.press_reply(value)
    assert_no_violations(widget, "mid conversation on a phone")


def test_reduced_motion_stops_the_typing_animation(open_widget):
    widget = open_widget("/", reduced_motion="reduce")
    animation = widget.part(".rta-dot").first.evaluate("d => getComputedStyle(d).animationName")
    assert animation == "none"


def test_only_finished_messages_are_announced(open_widget):
    widget = open_widget("/")
    log = widget.part(".rta-log")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"
    assert log.get_attribute("aria-label")
    # The typing indicator is not in the live region and is hidden from screen readers.
    assert widget.part(".rta-typing").get_attribute("aria-hidden") == "true"
    assert widget.part(".rta-log .rta-typing").count() == 0
    widget.start()
    assert log.get_attribute("aria-busy") == "false"
    # Each message is added whole, with who said it for screen readers.
    first = widget.part(".rta-log .rta-message").first
    assert first.locator(".rta-visually-hidden").first.inner_text() == "Ready to Ask said:"
    # Every control has an accessible name.
    unnamed = widget.page.evaluate(
        """() => [...document.querySelector('ready-to-ask').shadowRoot.querySelectorAll('button, textarea, a')]
                 .filter(e => e.offsetParent
                              && !(e.textContent.trim() || e.labels?.length || e.getAttribute('aria-label')))
                 .map(e => e.outerHTML)"""
    )
    assert unnamed == []


def test_the_chat_button_never_hides_what_has_focus(open_widget):
    """WCAG 2.4.11: the floating dock moves away from a focused control underneath it."""
    widget = open_widget("/demo/charity", viewport=PHONE)
    dock = widget.part(".rta-dock")
    box = dock.bounding_box()
    # A control of the host page that happens to sit exactly where the dock is.
    widget.page.evaluate(
        """(box) => { const b = document.createElement('button'); b.textContent = 'Host control';
                      b.className = 'host-control';
                      document.querySelector('main').append(b);
                      Object.assign(b.style, {position: 'fixed', left: box.x + 'px', top: box.y + 'px'}); }""",
        box,
    )
    widget.page.focus(".host-control")
    control = widget.page.locator(".host-control").bounding_box()
    moved = dock.bounding_box()
    overlaps = not (
        control["x"] + control["width"] <= moved["x"]
        or moved["x"] + moved["width"] <= control["x"]
        or control["y"] + control["height"] <= moved["y"]
        or moved["y"] + moved["height"] <= control["y"]
    )
    assert not overlaps, (control, moved)
    widget.screenshot("dock moved away from focus")
