"""Helpers for the staff console's HTTP and browser tests, on the real stack (bot/run/stack.py).

`StaffClient` keeps cookies the way a browser does on this loopback address: the console's cookies are Secure
(and `__Host-` prefixed), which browsers accept from http://127.0.0.1 but httpx never sends over http.
"""

from __future__ import annotations

import html
import os
import re
import secrets
import subprocess
import sys
from http.cookies import SimpleCookie

import httpx
from sqlalchemy import create_engine, text

from bot.paths import ROOT

PASSWORD = "correct horse battery staple"
SESSION_COOKIE = "__Host-rta_staff"


def unique_email(name: str) -> str:
    return f"{name}-{secrets.token_hex(4)}@helpline.example.org"


def make_account(stack, email: str, role: str = "staff", password: str = PASSWORD, via_stdin: bool = False) -> str:
    """`make staff-account` as an administrator runs it, on the stack's database."""
    env = {**stack.environment(), "PYTHONPATH": str(ROOT)}
    env.pop("RTA_STAFF_PASSWORD", None)
    if not via_stdin:
        env["RTA_STAFF_PASSWORD"] = password
    result = subprocess.run(
        [sys.executable, "-m", "bot.staff.cli", "--email", email, "--role", role],
        cwd=ROOT,
        env=env,
        input=password + "\n" if via_stdin else "",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return email


def database(stack):
    return create_engine(f"sqlite:///{stack.sqlite_db}")


def sql(stack, statement: str, **values):
    engine = database(stack)
    try:
        with engine.begin() as db:
            result = db.execute(text(statement), values)
            return result.fetchall() if result.returns_rows else result.rowcount
    finally:
        engine.dispose()


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page) or re.search(rf'name="{name}" content="([^"]*)"', page)
    assert found, f"no {name} in the page"
    return html.unescape(found.group(1))


class StaffClient:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(base_url=self.base_url, timeout=90, follow_redirects=False)
        self.jar: dict[str, str] = {}
        self.last_page = ""

    def request(self, method: str, path: str, *, cookies: dict | None = None, **kwargs) -> httpx.Response:
        jar = self.jar if cookies is None else cookies
        headers = dict(kwargs.pop("headers", {}) or {})
        if jar:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in jar.items())
        response = self.http.request(method, path, headers=headers, **kwargs)
        self.http.cookies.clear()
        for header in response.headers.get_list("set-cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value or morsel.value == '""':
                    self.jar.pop(name, None)
                else:
                    self.jar[name] = morsel.value
        if response.headers.get("content-type", "").startswith("text/html"):
            self.last_page = response.text
        return response

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict | None = None, csrf: bool = True, **kwargs) -> httpx.Response:
        data = dict(data or {})
        if csrf and "csrf_token" not in data:
            data["csrf_token"] = self.csrf()
        return self.request("POST", path, data=data, **kwargs)

    def csrf(self) -> str:
        return hidden(self.get("/staff/calls").text, "csrf_token")

    def sign_in(self, email: str, password: str = PASSWORD) -> httpx.Response:
        token = hidden(self.get("/staff/sign-in").text, "sign_in_token")
        return self.request(
            "POST", "/staff/sign-in", data={"email": email, "password": password, "sign_in_token": token}
        )

    def start_call(self) -> str:
        response = self.post("/staff/calls")
        assert response.status_code == 303, response.text
        return response.headers["location"].rsplit("/", 1)[-1]

    def say(self, call_id: str, text: str) -> dict:
        response = self.post(f"/staff/calls/{call_id}/messages", {"text": text}, headers={"Accept": "application/json"})
        assert response.status_code == 200, response.text
        return response.json()


def stack_logs(stack) -> str:
    return "\n".join(path.read_text(errors="replace") for path in stack.log_dir.glob("*.log"))


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"
