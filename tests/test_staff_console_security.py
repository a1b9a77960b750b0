"""The staff console's security, over real HTTP on the real stack: every staff route needs a session, calls
are private to their staff member (and supervisors), CSRF, session fixation and sign-out, time-outs, sign-in
lock-out, hand-over codes, and that no caller's words reach a log, the audit export or the public API."""

import html
import re
import time

import pytest
from staff_support import (
    PASSWORD,
    SESSION_COOKIE,
    StaffClient,
    hidden,
    make_account,
    sql,
    stack_logs,
    unique_email,
)

from bot.gateway import routes_staff
from bot.run.stack import Parent

pytestmark = pytest.mark.e2e

SIGNED_OUT_PAGE = "/staff/sign-in"


def signed_in(stack, role="staff", name="staff"):
    client = StaffClient(stack.gateway_url)
    email = make_account(stack, unique_email(name), role)
    assert client.sign_in(email).status_code == 303
    client.email = email
    return client


def staff_routes():
    """Every route of the console's signed-in router, from the router itself, so a new one cannot be forgotten."""
    for route in routes_staff.router.routes:
        path = route.path
        if path.startswith("/staff"):
            for method in sorted(route.methods - {"HEAD"}):
                yield (
                    method,
                    re.sub(
                        r"\{[^}]+\}",
                        lambda m: {"{key}": "problems", "{letter_format}": "pdf"}.get(m.group(0), "x" * 22),
                        path,
                    ),
                )


def test_every_staff_route_sends_a_stranger_to_sign_in_or_401(stack):
    stranger = StaffClient(stack.gateway_url)
    routes = list(staff_routes())
    assert len(routes) >= 14, routes
    for method, path in routes:
        response = stranger.request(
            method, path, data={"text": "hello", "csrf_token": "x"} if method == "POST" else None
        )
        if method == "GET":
            assert response.status_code == 303 and response.headers["location"] == SIGNED_OUT_PAGE, (method, path)
        else:
            assert response.status_code == 401, (method, path, response.status_code)
    # With a made-up session cookie too.
    for method, path in routes:
        response = stranger.request(method, path, cookies={SESSION_COOKIE: "made-up"})
        assert response.status_code in (303, 401), (method, path)
    assert stranger.get("/staff/sign-in").status_code == 200


def test_a_staff_member_cannot_open_anothers_call_but_a_supervisor_can(stack):
    a, b = signed_in(stack, name="a"), signed_in(stack, name="b")
    boss = signed_in(stack, "supervisor", "boss")
    call = a.start_call()
    assert a.get(f"/staff/calls/{call}").status_code == 200
    for path in (f"/staff/calls/{call}", f"/staff/calls/{call}/letter", f"/staff/calls/{call}/letter.pdf"):
        assert b.get(path).status_code == 404, path
    for path, data in (
        (f"/staff/calls/{call}/messages", {"text": "hello"}),
        (f"/staff/calls/{call}/notes", {"note": "x"}),
        (f"/staff/calls/{call}/answers/problems", {"text": "x"}),
        (f"/staff/calls/{call}/parent-link", {}),
        (f"/staff/calls/{call}/end", {}),
    ):
        assert b.post(path, data).status_code == 404, path
    assert call not in b.get("/staff/calls").text and call in a.get("/staff/calls").text
    assert boss.get(f"/staff/calls/{call}").status_code == 200
    assert call in boss.get("/staff/calls").text
    assert b.get("/staff/audit").status_code == 404 and b.get("/staff/audit.csv").status_code == 404
    assert boss.get("/staff/accounts").status_code == 404  # only admins see the accounts
    admin = signed_in(stack, "admin", "admin")
    accounts_page = admin.get("/staff/accounts")
    assert accounts_page.status_code == 200 and a.email in accounts_page.text and PASSWORD not in accounts_page.text
    assert admin.get(f"/staff/calls/{call}").status_code == 200 and admin.get("/staff/audit.csv").status_code == 200


def test_posts_without_the_right_csrf_token_or_from_another_site_fail(stack):
    staff = signed_in(stack, name="csrf")
    calls_before = sql(stack, "SELECT count(*) FROM staff_calls")[0][0]
    assert staff.post("/staff/calls", csrf=False).status_code == 403
    assert staff.post("/staff/calls", {"csrf_token": "wrong"}).status_code == 403
    other = signed_in(stack, name="csrf-other")
    assert staff.post("/staff/calls", {"csrf_token": other.csrf()}).status_code == 403
    token = staff.csrf()
    assert (
        staff.post("/staff/calls", {"csrf_token": token}, headers={"Origin": "https://evil.example"}).status_code == 403
    )
    assert (
        staff.post("/staff/calls", {"csrf_token": token}, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    )
    assert sql(stack, "SELECT count(*) FROM staff_calls")[0][0] == calls_before
    assert staff.post("/staff/sign-out", csrf=False).status_code == 403
    assert staff.get("/staff/calls").status_code == 200  # still signed in
    # The sign-in form has its own token (in a cookie and the form): a post from elsewhere fails.
    email = make_account(stack, unique_email("login-csrf"))
    fresh = StaffClient(stack.gateway_url)
    response = fresh.request(
        "POST", "/staff/sign-in", data={"email": email, "password": PASSWORD, "sign_in_token": "x"}
    )
    assert response.status_code == 403 and SESSION_COOKIE not in fresh.jar


def test_sign_in_makes_a_new_session_and_sign_out_ends_it(stack):
    email_a, email_b = make_account(stack, unique_email("fix-a")), make_account(stack, unique_email("fix-b"))
    browser = StaffClient(stack.gateway_url)
    browser.jar[SESSION_COOKIE] = "chosen-by-an-attacker"
    response = browser.sign_in(email_a)
    cookie = response.headers["set-cookie"]
    assert all(part in cookie for part in ("HttpOnly", "Secure", "SameSite=strict", "Path=/")), cookie
    first = browser.jar[SESSION_COOKIE]
    assert first != "chosen-by-an-attacker"
    assert browser.get("/staff/calls", cookies={SESSION_COOKIE: "chosen-by-an-attacker"}).status_code == 303
    # Signing in again (even as someone else) replaces the session: the old token is dead.
    browser.sign_in(email_b)
    second = browser.jar[SESSION_COOKIE]
    assert second != first
    assert browser.get("/staff/calls", cookies={SESSION_COOKIE: first}).status_code == 303
    assert email_b in browser.get("/staff/calls").text
    assert browser.post("/staff/sign-out").status_code == 303
    assert SESSION_COOKIE not in browser.jar
    assert browser.get("/staff/calls", cookies={SESSION_COOKIE: second}).status_code == 303


def test_sessions_end_after_the_idle_and_the_absolute_time(stack):
    for column, hours_ago in (("last_seen_at", 1), ("created_at", 11)):
        staff = signed_in(stack, name=f"timeout-{column}")
        assert staff.get("/staff/calls").status_code == 200
        account = sql(stack, "SELECT id FROM staff_accounts WHERE email = :e", e=staff.email)[0][0]
        sql(
            stack,
            f"UPDATE staff_sessions SET {column} = :t WHERE staff_id = :a",
            t=time.time() - hours_ago * 3600,
            a=account,
        )
        assert staff.get("/staff/calls").status_code == 303


def test_five_wrong_passwords_lock_the_account_and_every_attempt_is_audited(stack):
    email = make_account(stack, unique_email("lockout"), via_stdin=True)  # the password from standard input
    browser = StaffClient(stack.gateway_url)
    for _ in range(5):
        response = browser.sign_in(email, "not the password at all")
        assert response.status_code == 401 and "did not match" in response.text
    response = browser.sign_in(email, PASSWORD)
    assert response.status_code == 401 and SESSION_COOKIE not in browser.jar
    actions = [
        row[0] for row in sql(stack, "SELECT action FROM staff_audit WHERE staff_email = :e ORDER BY id", e=email)
    ]
    assert actions[-6:] == ["sign_in_failed"] * 4 + ["sign_in_locked"] * 2
    sql(stack, "UPDATE staff_accounts SET locked_until = :t WHERE email = :e", t=time.time() - 1, e=email)
    assert browser.sign_in(email, PASSWORD).status_code == 303
    assert (
        sql(stack, "SELECT action FROM staff_audit WHERE staff_email = :e ORDER BY id DESC LIMIT 1", e=email)[0][0]
        == "signed_in"
    )


def _handover_code(stack, parent):
    response = parent.http.post(f"/api/conversations/{parent.id}/handover-code")
    assert response.status_code == 201, response.text
    body = response.json()
    assert re.fullmatch(r"\d{6}", body["code"]) and body["valid_minutes"] == 30
    return body["code"]


def test_a_code_opens_the_parents_conversation_once_and_expires(stack):
    parent = Parent(stack.gateway_url)
    parent.press("start")
    staff = signed_in(stack, name="handover")
    code = _handover_code(stack, parent)
    response = staff.post("/staff/handover", {"code": code[:3] + " " + code[3:]})
    assert response.status_code == 303
    call = response.headers["location"].rsplit("/", 1)[-1]
    page = staff.get(f"/staff/calls/{call}").text
    assert "Handed over from the web chat" in page and parent.id not in page
    again = staff.post("/staff/handover", {"code": code})
    assert again.status_code == 400 and "already been used" in again.text
    expiring = _handover_code(stack, parent)
    sql(stack, "UPDATE handover_codes SET expires_at = :t WHERE used_at IS NULL", t=time.time() - 1)
    late = staff.post("/staff/handover", {"code": expiring})
    assert late.status_code == 400 and "expired" in late.text
    assert (
        StaffClient(stack.gateway_url).post("/api/conversations/unknown/handover-code", csrf=False).status_code == 404
    )
    actions = {row[0] for row in sql(stack, "SELECT action FROM staff_audit WHERE call_id = :c", c=call)}
    assert {"code_redeemed", "conversation_opened", "answers_viewed"} <= actions


def test_twenty_wrong_guesses_lock_a_code_and_the_guesser_is_throttled(stack):
    parent = Parent(stack.gateway_url)
    code = _handover_code(stack, parent)
    guesser, colleague = signed_in(stack, name="guesser"), signed_in(stack, name="colleague")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(20):
        response = guesser.post("/staff/handover", {"code": wrong})
        assert response.status_code == 400 and "not right" in response.text
    assert guesser.post("/staff/handover", {"code": code}).status_code == 429
    locked = colleague.post("/staff/handover", {"code": code})
    assert locked.status_code == 400 and "can no longer be used" in locked.text
    fresh = _handover_code(stack, parent)  # the parent can get a new one
    assert colleague.post("/staff/handover", {"code": fresh}).status_code == 303
    # Asking for codes is limited too.
    statuses = [parent.http.post(f"/api/conversations/{parent.id}/handover-code").status_code for _ in range(5)]
    assert 429 in statuses


def test_no_caller_words_in_any_log_the_audit_export_or_the_public_api(stack):
    staff = signed_in(stack, name="words")
    boss = signed_in(stack, "supervisor", "dpo")
    call = staff.start_call()
    staff.say(call, "/start_checklist")
    secret_answer = "Zanzibarian marmalade troubles every single morning"
    secret_note = "Quixotic lighthouse keeper note"
    turn = staff.say(call, secret_answer)
    assert secret_answer in turn["replace"]["checklist"], turn
    assert staff.post(f"/staff/calls/{call}/notes", {"note": secret_note}).status_code == 303
    assert secret_note in staff.get(f"/staff/calls/{call}").text
    assert (
        staff.post(f"/staff/calls/{call}/answers/problems", {"text": secret_answer + " corrected"}).status_code == 303
    )
    assert staff.get(f"/staff/calls/{call}/letter.txt").status_code == 200
    export = boss.get("/staff/audit.csv")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    assert export.text.splitlines()[0] == "when_utc,staff_email,action,call_id,conversation_ref,detail"
    for action in (
        "call_started",
        "conversation_opened",
        "answers_viewed",
        "answer_changed",
        "note_added",
        "letter_made",
    ):
        assert f",{action},{call}," in export.text, action
    conversation_id = sql(stack, "SELECT conversation_id FROM staff_calls WHERE id = :c", c=call)[0][0]
    assert conversation_id not in export.text and conversation_id not in staff.get(f"/staff/calls/{call}").text
    logs = stack_logs(stack)
    for words in ("Zanzibarian", "marmalade", "Quixotic", "lighthouse"):
        assert words not in export.text and words not in logs, words
    # The public API: no staff paths in its schema, no staff data behind a conversation's id, no call by its id.
    schema = staff.http.get("/openapi.json").json()
    assert not [path for path in schema["paths"] if "staff" in path]
    public = StaffClient(stack.gateway_url)
    assert secret_note not in public.get(f"/api/conversations/{conversation_id}/checklist").text
    assert public.get(f"/api/conversations/{call}").status_code == 404
    letter = public.get(f"/api/conversations/{conversation_id}/letter?format=txt").text
    assert secret_note not in letter and "corrected" in letter


def test_a_one_time_letter_link_works_once(stack):
    staff = signed_in(stack, name="link")
    call = staff.start_call()
    page = staff.post(f"/staff/calls/{call}/parent-link")
    assert page.status_code == 200
    link = hidden(page.text.replace("readonly value=", 'name="link" value='), "link")
    path = "/" + link.split("/", 3)[3]
    assert path.startswith("/letter/once/")
    parent = StaffClient(stack.gateway_url)
    first = parent.get(path)
    assert first.status_code == 200 and "no-store" in first.headers["cache-control"]
    assert parent.get(path).status_code == 410


def test_urgent_words_put_what_to_say_and_the_numbers_in_a_banner(stack):
    staff = signed_in(stack, name="urgent")
    call = staff.start_call()
    staff.say(call, "/start_checklist")
    turn = staff.say(call, "My partner has a knife and says he will kill me and the children tonight")
    banner = turn["replace"]["urgent-banner"]
    if "999" not in banner:  # a safety check question first: the caller says yes, someone is in danger now
        choices = re.findall(
            r'name="text" value="([^"]+)">\s*<input type="hidden" name="shown" value="([^"]+)"',
            turn["replace"]["replies"],
        )
        yes = next(payload for payload, title in choices if title.lower().startswith("yes"))
        banner = staff.say(call, html.unescape(yes))["replace"]["urgent-banner"]
    assert 'role="alert"' in banner and "The caller may be in danger now" in banner and "999" in banner
    assert "The caller may be in danger now" in staff.get(f"/staff/calls/{call}").text  # still there after a reload
    assert "Urgent" in staff.get("/staff/calls").text
