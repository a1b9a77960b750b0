"""Talks to the Rasa server on loopback: its REST channel for turns, its token-protected API for state."""
from __future__ import annotations

import contextvars
import hashlib

import httpx

# The client message id of the request being served (set by the conversation service). Every message sent
# to Rasa for it carries the id in its metadata, so after a failure the gateway can tell from Rasa's
# tracker whether the message was filed before answering a retry.
CLIENT_MESSAGE_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_message_id", default=None)
# Errors raised before a single byte of the request could reach Rasa: the message was certainly not filed.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class RasaUnavailable(RuntimeError):
    """Rasa did not answer in time or answered with an error.

    `maybe_delivered` is False only when the request certainly never reached Rasa (nothing was filed)."""

    def __init__(self, reason: str = "", maybe_delivered: bool = True) -> None:
        super().__init__(reason)
        self.maybe_delivered = maybe_delivered


class RasaClient:
    """One or more Rasa replicas (comma-separated URLs) sharing one tracker store.

    Each conversation always goes to the same replica (chosen by a hash of its id, so every gateway
    process agrees): Rasa's Redis lock store issues its tickets with a read-then-write that two replicas
    can race, and two turns of one conversation on two replicas at once could then lose one.
    """

    def __init__(self, base_urls: str, token: str, timeout_seconds: float, actions_url: str | None = None) -> None:
        self._replicas = [url.strip().rstrip("/") for url in base_urls.split(",") if url.strip()]
        self._actions_url = actions_url  # the action server, to tell "it was down" from a quiet turn
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
            raise RasaUnavailable(type(error).__name__, maybe_delivered=not isinstance(error, NOT_SENT)) from error

    async def send(self, conversation_id: str, text: str, metadata: dict | None = None) -> list[dict]:
        """One turn: the parent's message in, the bot's messages out (text, buttons or custom markers)."""
        metadata = dict(metadata or {})
        if CLIENT_MESSAGE_ID.get():
            metadata["client_message_id"] = CLIENT_MESSAGE_ID.get()
        body = {"sender": conversation_id, "message": text, "metadata": metadata}
        if await self._actions_down():  # restarting: file nothing now, the retry will be served
            raise RasaUnavailable("action server unavailable", maybe_delivered=False)
        response = await self._request("POST", "/webhooks/rest/webhook", conversation_id, json=body)
        outputs = response.json()
        if await self._actions_down():
            # Rasa answers 200 even when the action server was down during the turn ("the actions events are
            # lost"): the words would be filed without being kept as an answer. Undo the turn (Rasa's rewind
            # event reverts the last user message) so that a retry starts clean, and say so.
            await self._request("POST", f"/conversations/{conversation_id}/tracker/events", conversation_id,
                                params={"token": self._token, "include_events": "NONE"}, json=[{"event": "rewind"}])
            raise RasaUnavailable("action server unavailable", maybe_delivered=False)
        return outputs

    async def _actions_down(self) -> bool:
        if not self._actions_url:
            return False
        try:
            return (await self._http.get(f"{self._actions_url}/health", timeout=2)).status_code != 200
        except httpx.HTTPError:
            return True

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
