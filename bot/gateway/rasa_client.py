"""Talks to the Rasa server on loopback: its REST channel for turns, its token-protected API for state."""
from __future__ import annotations

import hashlib

import httpx


class RasaUnavailable(RuntimeError):
    """Rasa did not answer in time or answered with an error."""


class RasaClient:
    """One or more Rasa replicas (comma-separated URLs) sharing one tracker store.

    Each conversation always goes to the same replica (chosen by a hash of its id, so every gateway
    process agrees): Rasa's Redis lock store issues its tickets with a read-then-write that two replicas
    can race, and two turns of one conversation on two replicas at once could then lose one.
    """

    def __init__(self, base_urls: str, token: str, timeout_seconds: float) -> None:
        self._replicas = [url.strip().rstrip("/") for url in base_urls.split(",") if url.strip()]
        self._http = httpx.AsyncClient(timeout=timeout_seconds)
        self._token = token

    def replica_for(self, conversation_id: str) -> str:
        digest = hashlib.sha256(conversation_id.encode()).digest()
        return self._replicas[int.from_bytes(digest[:8], "big") % len(self._replicas)]

    async def close(self) -> None:
        await self._http.aclose()

    async def _request(self, method: str, path: str, conversation_id: str = "", **kwargs) -> httpx.Response:
        try:
            response = await self._http.request(method, self.replica_for(conversation_id) + path, **kwargs)
            response.raise_for_status()
            return response
        except httpx.HTTPError as error:
            raise RasaUnavailable(type(error).__name__) from error

    async def send(self, conversation_id: str, text: str, metadata: dict | None = None) -> list[dict]:
        """One turn: the parent's message in, the bot's messages out (text, buttons or custom markers)."""
        body = {"sender": conversation_id, "message": text, "metadata": metadata or {}}
        response = await self._request("POST", "/webhooks/rest/webhook", conversation_id, json=body)
        return response.json()

    async def tracker(self, conversation_id: str) -> dict:
        """Slots and active form, without the event history."""
        response = await self._request(
            "GET", f"/conversations/{conversation_id}/tracker", conversation_id,
            params={"include_events": "NONE", "token": self._token},
        )
        return response.json()

    async def events(self, conversation_id: str) -> list[dict]:
        """The conversation's events (messages, slots), for the staff console's transcript."""
        response = await self._request(
            "GET", f"/conversations/{conversation_id}/tracker", conversation_id,
            params={"include_events": "ALL", "token": self._token},
        )
        return response.json().get("events") or []

    async def set_slot(self, conversation_id: str, name: str, value: object) -> None:
        await self._request(
            "POST", f"/conversations/{conversation_id}/tracker/events", conversation_id,
            params={"token": self._token, "include_events": "NONE"},
            json=[{"event": "slot", "name": name, "value": value}],
        )

    async def parse(self, text: str, timeout_seconds: float) -> dict:
        """NLU only (intent ranking), for the safety check when the deterministic screen is unsure."""
        response = await self._request(
            "POST", "/model/parse", params={"token": self._token}, json={"text": text}, timeout=timeout_seconds
        )
        return response.json()

    async def ready(self) -> bool:
        """Every replica is up with a model loaded."""
        try:
            for replica in self._replicas:
                response = await self._http.get(replica + "/status", params={"token": self._token})
                if response.status_code != 200 or not response.json().get("model_file"):
                    return False
            return True
        except httpx.HTTPError:
            return False
