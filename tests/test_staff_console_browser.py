"""The helpline console in Debian's Chromium: a whole phone call from sign-in to letter and sign-out, and a
parent's web chat handed over with a code and carried on in the console. axe-core checks every screen."""

import io
import re

import pytest
from browser_support import ANSWERS, ARTIFACTS, DESKTOP, POSTCODE, TURN_TIMEOUT_MS, chromium, open_widget  # noqa: F401
from staff_support import PASSWORD, make_account, stack_logs, unique_email

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

MOVE_ON = [r"^start$", r"all correct", r"skip this part", r"^yes\b", r"carry on", r"start the checklist"]
NEVER_PRESS = re.compile(r"skip|why|don.t know|change|question first|no\b", re.I)
SIDE_QUESTION = "Will they take my child away?"
CORRECTED = "My son finds school very hard, struggles to sleep and has started refusing to go in."
NOTE = "Private: caller is using a friend's phone, call back after 6pm only."


class Console:
    """One browser tab on the console, with the steps a staff member takes."""

    def __init__(self, page, base_url: str, name: str):
        self.page, self.base, self.name, self.shots = page, base_url, name, 0
        self.problems: list[str] = []
        # Console errors and CSP violations; a page answered with 400 on purpose (a used code) is not one.
        page.on(
            "console",
            lambda m: (
                self.problems.append(m.text) if m.type == "error" and "Failed to load resource" not in m.text else None
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(str(e)))

    def screenshot(self, what: str, full_page: bool = False):
        ARTIFACTS.mkdir(exist_ok=True)
        self.shots += 1
        path = ARTIFACTS / f"{self.name}-{self.shots:02d}-{what}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def axe(self, moment: str) -> None:
        from browser_support import WidgetPage

        violations = WidgetPage(self.page, self.base, self.name).axe_violations()
        self.screenshot(moment)
        assert violations == [], f"{moment}: {violations}"

    def sign_in(self, email: str, password: str = PASSWORD) -> None:
        self.page.goto(self.base + "/staff/sign-in")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url(re.compile(r"/staff/calls$"))

    def bot_messages(self) -> list[str]:
        return self.page.locator("#transcript .from-bot .pre-line").all_inner_texts()

    def wait_for_turn(self, before: int) -> None:
        self.page.wait_for_function(
            """(before) => !document.querySelector('#compose button').disabled
                 && (document.querySelectorAll('#transcript .from-bot').length > before
                     || !document.getElementById('turn-status').textContent.startsWith('Waiting'))""",
            arg=before,
            timeout=TURN_TIMEOUT_MS,
        )
        status = self.page.locator("#turn-status").inner_text()
        if len(self.bot_messages()) <= before and "answered" not in status:
            self.screenshot("no answer")
            raise AssertionError(f"no answer from the bot: {status!r}")

    def type_words(self, text: str) -> None:
        before = len(self.bot_messages())
        box = self.page.get_by_label("The caller's words", exact=True)
        box.fill(text)
        box.press("Enter")
        self.wait_for_turn(before)
        assert self.page.evaluate("() => document.activeElement.id") == "caller-words"  # focus stays to type on

    def press(self, pattern: str) -> None:
        before = len(self.bot_messages())
        self.page.locator("#replies button").filter(has_text=re.compile(pattern, re.I)).first.click()
        self.wait_for_turn(before)

    def asking(self) -> str | None:
        item = self.page.locator(".item-asking")
        return item.first.get_attribute("id").removeprefix("item-") if item.count() else None

    def finished(self) -> bool:
        return "the letter is ready" in self.page.locator("#progress-text").inner_text()

    def next_move(self):
        if self.finished():
            return None
        asking = self.asking()
        if asking in ANSWERS:
            return ("type", ANSWERS[asking])
        last = (self.bot_messages() or [""])[-1].lower()
        if "postcode" in last and not asking:
            return ("type", POSTCODE)
        titles = self.page.locator("#replies button").all_inner_texts()
        for pattern in MOVE_ON:
            if any(re.search(pattern, title, re.I) for title in titles):
                return ("press", pattern)
        safe = [title for title in titles if not NEVER_PRESS.search(title)]
        if safe:
            return ("press", "^" + re.escape(safe[0]) + "$")
        if asking:
            return ("type", "I would rather not say.")
        raise AssertionError(f"stuck: asking={asking!r}, buttons={titles!r}, last={last!r}")

    def carry_on(self, until, max_turns: int = 70) -> None:
        for _ in range(max_turns):
            if until():
                return
            kind, value = self.next_move()
            self.type_words(value) if kind == "type" else self.press(value)
        raise AssertionError(f"not done after {max_turns} turns; last: {self.bot_messages()[-2:]!r}")

    def item(self, key: str):
        return self.page.locator(f"#item-{key}")


@pytest.fixture
def console(chromium, stack, request):
    contexts = []

    def factory() -> Console:
        context = chromium.new_context(viewport=DESKTOP, service_workers="block")
        contexts.append(context)
        return Console(context.new_page(), stack.gateway_url.rstrip("/"), request.node.name)

    yield factory
    for context in contexts:
        context.close()


def test_a_phone_call_from_sign_in_to_the_letter_and_sign_out(console, stack):
    email = make_account(stack, unique_email("browser"))
    staff = console()
    staff.page.goto(staff.base + "/staff/sign-in")
    staff.axe("sign-in page")
    staff.sign_in(email)
    staff.axe("my calls")
    staff.page.get_by_role("button", name="Start a call").click()
    staff.page.wait_for_url(re.compile(r"/staff/calls/[\w-]+$"))
    staff.carry_on(lambda: staff.asking() == "problems")
    staff.type_words(ANSWERS["problems"])
    assert staff.item("problems").locator(".tag").text_content() == "Answered"
    assert ANSWERS["problems"] in staff.item("problems").inner_text()
    # A side question mid-checklist: the same answer to the worry as a parent gets, then back to the question.
    asked = staff.asking()
    staff.type_words(SIDE_QUESTION)
    reply = "\n".join(staff.bot_messages()[-3:]).lower()
    assert "child" in reply and staff.asking() == asked
    staff.axe("mid call")
    staff.carry_on(lambda: staff.asking() == "without_help")
    progress = staff.page.locator("#progress-text").inner_text()
    assert re.match(r"[5-8] of 9", progress), progress
    # Click to correct: the first answer, in the caller's new words.
    staff.item("problems").locator("summary").click()
    staff.item("problems").get_by_label(re.compile("The caller's words for")).fill(CORRECTED)
    staff.item("problems").get_by_role("button", name="Save the correction").click()
    staff.page.wait_for_function(
        "(t) => document.querySelector('#item-problems blockquote')?.innerText.includes(t)", arg=CORRECTED[:40]
    )
    assert "Saved the correction" in staff.page.locator("#turn-status").inner_text()
    # A private note.
    staff.page.get_by_label("Add a note").fill(NOTE)
    staff.page.get_by_role("button", name="Add the note").click()
    staff.page.locator(".notes-list").get_by_text(NOTE).wait_for()
    staff.page.locator("#caller-words").focus()
    staff.page.evaluate("() => { window.scrollTo(0, 0); document.querySelector('.console-side').scrollTop = 0; }")
    staff.screenshot("console")  # the README's picture (docs/staff-console.png) is this one
    staff.carry_on(staff.finished)
    staff.page.locator("#checklist").scroll_into_view_if_needed()
    staff.screenshot("checklist complete", full_page=True)
    statuses = staff.page.locator(".checklist .tag").all_text_contents()
    assert statuses[:9].count("Answered") == 9, statuses
    staff.axe("checklist complete")
    assert not staff.problems, staff.problems

    # End of call: the letter, with the correction and without the note.
    staff.page.get_by_role("link", name="The letter and ending the call").click()
    staff.axe("end of call")
    with staff.page.expect_download() as download:
        staff.page.get_by_role("link", name="Download the PDF").click()
    from pypdf import PdfReader

    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages)
    pdf_words = re.sub(r"\s+", " ", pdf_text)
    assert "refusing to go in" in pdf_words and "friend's phone" not in pdf_words
    staff.page.get_by_role("link", name="Read the letter").click()
    letter = staff.page.locator("body").inner_text()
    assert "refusing to go in" in letter and "friend's phone" not in letter and "Private" not in letter
    staff.page.go_back()
    staff.page.get_by_role("button", name="Make a one-time link for the caller").click()
    link = staff.page.get_by_label("The caller's one-time link").input_value()
    parent = console()
    parent.page.goto(link)
    assert "refusing to go in" in parent.page.content()  # in the editable boxes
    assert parent.page.goto(link).status == 410

    # Sign out: the session is gone, the console asks to sign in again.
    staff.page.get_by_role("button", name="Sign out").click()
    staff.page.wait_for_url(re.compile(r"/staff/sign-in"))
    staff.page.goto(staff.base + "/staff/calls")
    assert staff.page.url.endswith("/staff/sign-in")
    logs = stack_logs(stack)
    assert "refusing to go in" not in logs and "friend's phone" not in logs


def test_a_parents_web_chat_handed_over_with_a_code_carries_on_in_the_console(open_widget, console, stack):
    widget = open_widget("/demo/charity")
    widget.open_launcher()
    answer = widget.reach_first_question()
    widget.type_answer(answer)
    widget.part(".rta-helpline-open").click()
    explanation = widget.part(".rta-helpline").inner_text()
    assert "answers you have given" in explanation and "without the code" in explanation
    widget.part(".rta-helpline-get").click()
    widget.part(".rta-helpline-code").wait_for()
    code = re.sub(r"\D", "", widget.part(".rta-helpline-code [aria-hidden]").inner_text())
    assert len(code) == 6
    violations = widget.axe_violations()
    widget.screenshot("code shown")
    assert violations == [], violations

    email = make_account(stack, unique_email("handover-browser"))
    staff = console()
    staff.sign_in(email)
    staff.page.get_by_role("navigation").get_by_role("link", name="Continue a web chat").click()
    staff.axe("enter a code")
    staff.page.get_by_label("The caller's code").fill(code[:3] + " " + code[3:])
    staff.page.get_by_role("button", name="Open the conversation").click()
    staff.page.wait_for_url(re.compile(r"/staff/calls/[\w-]+$"))
    assert "Handed over from the web chat" in staff.page.locator("h1").inner_text()
    # The parent's answer so far is in the checklist panel and the transcript.
    assert answer in staff.item("problems").inner_text()
    assert answer in staff.page.locator("#transcript").inner_text()
    # The call carries on in the console, in the same conversation.
    staff.carry_on(
        lambda: (
            staff.asking() not in (None, "problems") and staff.page.locator(".tag", has_text="Answered").count() >= 3
        )
    )
    staff.axe("handed-over call")
    # The parent's own chat sees the same conversation move on.
    widget.page.reload()
    widget.open_launcher()
    progress = widget.part(".rta-progress-text").inner_text()
    assert re.match(r"[3-9] of 9", progress), progress
    # The code worked once.
    staff.page.goto(staff.base + "/staff/handover")
    staff.page.get_by_label("The caller's code").fill(code)
    staff.page.get_by_role("button", name="Open the conversation").click()
    assert "already been used" in staff.page.locator(".error-summary").inner_text()
    assert not staff.problems, staff.problems


def test_the_audit_trail_and_accounts_pages_for_an_admin(console, stack):
    admin = console()
    admin.sign_in(make_account(stack, unique_email("admin-browser"), "admin"))
    admin.axe("all calls")
    admin.page.get_by_role("link", name="Audit trail").click()
    assert admin.page.locator("table tbody tr").count() >= 1
    admin.axe("audit trail")
    with admin.page.expect_download() as download:
        admin.page.get_by_role("link", name="Download the whole trail (CSV)").click()
    exported = download.value.path().read_text(encoding="utf-8")
    assert exported.startswith("when_utc,staff_email,action,call_id,conversation_ref,detail")
    admin.page.get_by_role("link", name="Accounts").click()
    admin.axe("accounts")
    assert not admin.problems, admin.problems
