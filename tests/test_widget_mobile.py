"""On a phone: a 360×640 journey on the charity page (council found from a postcode), and reflow at 320 px."""

import pytest
from browser_support import PHONE, POSTCODE, chromium, open_widget  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def no_horizontal_scroll(widget):
    return widget.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_phone_journey_on_the_charity_page_with_a_postcode(open_widget):
    widget = open_widget("/demo/charity", viewport=PHONE, is_mobile=True, has_touch=True)
    assert no_horizontal_scroll(widget)
    widget.screenshot("charity page on a phone")
    widget.open_launcher()
    box = widget.part(".rta-panel").bounding_box()
    # The open chat fills the screen and nothing of it is off screen.
    assert box["x"] >= 0 and box["y"] >= 0
    assert box["width"] <= PHONE["width"] + 0.5 and box["height"] <= PHONE["height"] + 0.5
    assert box["width"] >= PHONE["width"] - 1
    widget.start()
    widget.screenshot("chat open on a phone")
    widget.finish_checklist(postcode=POSTCODE, screenshot_every=8)
    widget.screenshot("letter offered on a phone")
    state = widget.stored()
    assert state["finished"] is True
    assert POSTCODE in "\n".join(widget.user_messages())
    assert widget.part("a.rta-letter-preview").is_visible()
    # Every control in the chat is at least 24×24 px.
    sizes = widget.page.evaluate(
        """() => [...document.querySelector('ready-to-ask').shadowRoot
                     .querySelectorAll('button, textarea, a.rta-button')]
                 .filter(e => e.offsetParent).map(e => { const r = e.getBoundingClientRect();
                   return {w: r.width, h: r.height, text: e.textContent}; })"""
    )
    small = [s for s in sizes if s["w"] < 24 or s["h"] < 24]
    assert sizes and not small, small
    assert no_horizontal_scroll(widget)
    widget.assert_no_page_problems()


@pytest.mark.parametrize("path", ["/", "/demo/charity"])
def test_pages_and_chat_reflow_at_320_px(open_widget, path):
    widget = open_widget(path, viewport={"width": 320, "height": 640})
    widget.open_launcher()
    widget.start()
    assert no_horizontal_scroll(widget)
    panel = widget.part(".rta-panel").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 320.5
    widget.screenshot("320 px")
