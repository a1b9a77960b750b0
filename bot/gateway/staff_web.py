"""Sign-in state, CSRF checks and page rendering for the helpline staff console (routes_staff.py).

- The session cookie holds a random token (the database keeps its SHA-256): HttpOnly, SameSite=Strict, and
  Secure with the `__Host-` prefix unless RTA_STAFF_COOKIE_SECURE=false (plain http on a developer's machine).
  No Max-Age: it ends with the browser; the server ends it after the idle or absolute limit whatever the browser does.
- Every state-changing request needs the session's CSRF token (a hidden form field, or the X-CSRF-Token header
  from the console's script) and, when the browser sends an Origin, our own origin. The sign-in form, which has
  no session yet, uses a double-submit token in its own short-lived cookie.
- Without a session: a page asked for by a browser redirects to the sign-in page; anything else gets 401.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from bot.paths import ROOT
from bot.settings import Settings
from bot.staff import sessions
from bot.staff.db import StaffDatabase
from bot.staff.sessions import SignedIn
from bot.staff.throttle import Throttle

TEMPLATES = ROOT / "bot" / "gateway" / "templates" / "staff"
STATIC = ROOT / "bot" / "gateway" / "static" / "staff"
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
SIGN_IN_PATH = "/staff/sign-in"
SIGN_IN_COOKIE_SECONDS = 20 * 60

templates = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))


@dataclass
class StaffServices:
    """What the console needs, kept on app.state.staff."""

    db: StaffDatabase
    throttle: Throttle
    settings: Settings

    @property
    def session_cookie(self) -> str:
        return "__Host-rta_staff" if self.settings.staff_cookie_secure else "rta_staff"

    @property
    def sign_in_cookie(self) -> str:
        return "__Host-rta_staff_sign_in" if self.settings.staff_cookie_secure else "rta_staff_sign_in"

    @property
    def idle_seconds(self) -> float:
        return self.settings.staff_idle_minutes * 60

    @property
    def absolute_seconds(self) -> float:
        return self.settings.staff_session_hours * 3600

    def set_cookie(self, response: Response, name: str, value: str, max_age: int | None = None) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            path="/",
            secure=self.settings.staff_cookie_secure,
            httponly=True,
            samesite="strict",
        )

    def clear_cookie(self, response: Response, name: str) -> None:
        response.delete_cookie(
            name, path="/", secure=self.settings.staff_cookie_secure, httponly=True, samesite="strict"
        )


class NotSignedIn(Exception):
    pass


class Forbidden(Exception):
    """A failed CSRF or origin check, or a page the signed-in role may not see."""


def staff_services(request: Request) -> StaffServices:
    return request.app.state.staff


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def signed_in(request: Request) -> SignedIn:
    staff = staff_services(request)
    token = request.cookies.get(staff.session_cookie)
    found = await run_in_threadpool(sessions.check, staff.db, token, staff.idle_seconds, staff.absolute_seconds)
    if found is None:
        raise NotSignedIn()
    return found


def same_origin(request: Request) -> bool:
    """False when the browser says the request came from another site. Our pages send no referrer, so a
    browser's form post says `Origin: null`; `Sec-Fetch-Site` still tells. Clients that send neither (old
    browsers, scripts) still need the CSRF token."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    return origin in (None, "null") or origin == f"{request.url.scheme}://{request.url.netloc}"


async def csrf_checked(request: Request, session: Annotated[SignedIn, Depends(signed_in)]) -> SignedIn:
    """The signed-in session, after the CSRF and origin checks on anything that is not a GET."""
    if request.method in ("GET", "HEAD"):
        return session
    if not same_origin(request):
        raise Forbidden()
    token: object = request.headers.get("x-csrf-token")
    if token is None and request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        token = (await request.form()).get("csrf_token")
    if not isinstance(token, str) or not hmac.compare_digest(token.encode(), session.csrf_token.encode()):
        raise Forbidden()
    return session


StaffSession = Annotated[SignedIn, Depends(csrf_checked)]


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def page(template: str, session: SignedIn | None = None, status_code: int = 200, **values) -> HTMLResponse:
    html = templates.get_template(template).render(
        staff=session.account if session else None, csrf_token=session.csrf_token if session else "", **values
    )
    return HTMLResponse(html, status_code=status_code, headers=PRIVATE)


def fragment(template: str, session: SignedIn, **values) -> str:
    return templates.get_template(template).render(staff=session.account, csrf_token=session.csrf_token, **values)


def problem(request: Request, status_code: int, message: str, session: SignedIn | None = None) -> Response:
    if wants_json(request) or request.method not in ("GET", "HEAD") and not _is_form(request):
        return JSONResponse({"detail": message}, status_code=status_code, headers=PRIVATE)
    return page("problem.html", session, status_code=status_code, message=message)


def _is_form(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded")


def new_sign_in_token() -> str:
    return secrets.token_urlsafe(24)


def install_error_handlers(app) -> None:
    async def not_signed_in(request: Request, error: NotSignedIn) -> Response:
        if request.method in ("GET", "HEAD") and not wants_json(request):
            return RedirectResponse(SIGN_IN_PATH, status_code=303, headers=PRIVATE)
        return problem(request, 401, "Please sign in again: your session has ended.")

    async def forbidden(request: Request, error: Forbidden) -> Response:
        return problem(
            request,
            403,
            "That did not come from this console's own page, so nothing was changed. Reload the page and try again.",
        )

    app.add_exception_handler(NotSignedIn, not_signed_in)
    app.add_exception_handler(Forbidden, forbidden)
