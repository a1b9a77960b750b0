"""Security headers on every gateway response, and CORS for the sites allowed to embed the widget.

`install_security(app, settings)` is called once from app.py. Nothing here knows about conversations:
it only decides what a browser may do with our responses.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.settings import Settings

# Paths whose responses carry a parent's words: no browser or proxy may keep a copy.
PRIVATE_PREFIXES = ("/api/", "/letter/")
# The letter preview's own files are not private and may be cached like any stylesheet.
PUBLIC_UNDER_PRIVATE = ("/letter/static/",)


def content_security_policy(settings: Settings) -> str:
    """Only our own files run or style a page: no inline script, no other origin, no framing unless configured."""
    ancestors = " ".join(settings.frame_ancestors) or "'none'"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            f"frame-ancestors {ancestors}",
            "base-uri 'none'",
            "form-action 'self'",
        ]
    )


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()"


def security_headers(settings: Settings) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": content_security_policy(settings),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if not settings.frame_ancestors:
        # For old browsers that ignore frame-ancestors; it cannot express an allowlist, so only when framing is off.
        headers["X-Frame-Options"] = "DENY"
    return headers


class SecurityHeaders:
    """Pure ASGI middleware (works with streamed responses too) that adds the headers above."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]):
        self.app = app
        self.headers = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        private = path.startswith(PRIVATE_PREFIXES) and not path.startswith(PUBLIC_UNDER_PRIVATE)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in self.headers if name not in existing]
                if private:
                    extra = [(n, v) for n, v in extra if n != b"cache-control"]
                    extra.append((b"cache-control", b"no-store"))
                    message["headers"] = [
                        (n, v) for n, v in message.get("headers", []) if n.lower() != b"cache-control"
                    ]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_security(app: FastAPI, settings: Settings) -> None:
    """Adds CORS (only for settings.cors_origins; none by default) and the security headers."""
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type"],
            allow_credentials=False,
            max_age=600,
        )
    # Added last, so it is outermost: even CORS preflight answers and errors carry the headers.
    app.add_middleware(SecurityHeaders, headers=security_headers(settings))
