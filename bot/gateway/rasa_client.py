"""Talks to the Rasa server on loopback: its REST channel for turns, its token-protected API for state."""
from __future__ import annotations

import httpx


class RasaUnavailable(RuntimeError):
    """Rasa did not answer in time or answered with an error."""


class RasaClient:
    def __init__(self, base_url: str, token: str, timeout_seconds: float) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout_seconds)
        self._token = token

    async def close(self) -> None:
        await self._http.aclose()

    async def _request(self, method: str, path: str, **kwargs) -> httpx.Response:
        try:
            response = await self._http.request(method, path, **kwargs)
            response.raise_for_status()
            return response
        except httpx.HTTPError as error:
            raise RasaUnavailable(type(error).__name__) from error

    async def send(self, conversation_id: str, text: str) -> list[dict]:
        """One turn: the parent's message in, the bot's messages out (text, buttons or custom markers)."""
        response = await self._request(
            "POST", "/webhooks/rest/webhook", json={"sender": conversation_id, "message": text}
        )
        return response.json()

    async def tracker(self, conversation_id: str) -> dict:
        """Slots and active form, without the event history."""
        response = await self._request(
            "GET", f"/conversations/{conversation_id}/tracker",
            params={"include_events": "NONE", "token": self._token},
        )
        return response.json()

    async def set_slot(self, conversation_id: str, name: str, value: object) -> None:
        await self._request(
            "POST", f"/conversations/{conversation_id}/tracker/events",
            params={"token": self._token, "include_events": "NONE"},
            json=[{"event": "slot", "name": name, "value": value}],
        )

    async def intent(self, text: str) -> tuple[str | None, float]:
        """NLU only, for the safety check when the deterministic screen is unsure."""
        response = await self._request("POST", "/model/parse", params={"token": self._token}, json={"text": text})
        intent = response.json().get("intent") or {}
        return intent.get("name"), float(intent.get("confidence") or 0.0)

    async def ready(self) -> bool:
        try:
            response = await self._http.get("/status", params={"token": self._token})
            return response.status_code == 200 and bool(response.json().get("model_file"))
        except httpx.HTTPError:
            return False
