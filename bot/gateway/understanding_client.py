"""Talks to the understanding service on loopback: one call per message gives the safety decision (and
warms the service's cache, so Rasa's parse of the same text costs no second encoding)."""
from __future__ import annotations

import os

import httpx

from bot.safety.decision import URGENT, SafetyDecision, absolute_triggers

ANALYSE_TIMEOUT_SECONDS = 2.0


class UnderstandingUnavailable(RuntimeError):
    """The understanding service did not answer in time."""


class UnderstandingClient:
    def __init__(self, base_url: str | None = None) -> None:
        self.base_url = (base_url or os.environ.get("RTA_NLU_URL", "http://127.0.0.1:5006")).rstrip("/")
        self._http = httpx.AsyncClient(timeout=ANALYSE_TIMEOUT_SECONDS)

    async def close(self) -> None:
        await self._http.aclose()

    async def analyse(self, text: str, in_checklist: bool) -> SafetyDecision:
        """The safety decision. Raises UnderstandingUnavailable."""
        try:
            response = await self._http.post(self.base_url + "/analyse", json={"text": text, "in_checklist": in_checklist})
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise UnderstandingUnavailable(type(error).__name__) from error
        body = response.json()
        safety = body.get("safety") or {}
        return SafetyDecision(safety.get("level"), safety.get("categories") or [], safety.get("concerns") or [])

    async def ready(self) -> bool:
        try:
            return (await self._http.get(self.base_url + "/health")).status_code == 200
        except httpx.HTTPError:
            return False


def fallback_decision(text: str) -> SafetyDecision:
    """With the service down, the absolute triggers still escalate (they need no classifier)."""
    categories = absolute_triggers(text)
    return SafetyDecision(URGENT if categories else None, categories, categories)
