"""The two services behind the gateway, both on loopback.

- The understanding service (`UnderstandingClient`): one call per message gives the safety decision, and
  warms the service's cache, so Rasa's parse of the same text costs no second encoding.
- Rasa (`RasaClient`): its REST channel for turns (their replies become the public API's messages,
  `messages_from_rasa`), its token-protected API for state; one or more replicas, and a watch on the action
  server so that a turn it missed is never taken for a quiet one.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import hashlib
import logging
import os
import time
from urllib.parse import urlsplit

import httpx

from bot.contract import Analyse
from bot.safety.decision import URGENT, SafetyDecision, absolute_triggers

log = logging.getLogger("ready_to_ask.gateway")


# ----- the understanding service -------------------------------------------------------------------------

# A busy service (many parents at once) is waited for this long; a stopped one fails at once (connect).
ANALYSE_TIMEOUT_SECONDS = 10.0


class UnderstandingUnavailable(RuntimeError):
    """The understanding service did not answer in time."""


class UnderstandingClient:
    def __init__(self, base_url: str | None = None) -> None:
        self.base_url = (base_url or os.environ.get("RTA_NLU_URL", "http://127.0.0.1:5006")).rstrip("/")
        self._http = httpx.AsyncClient(timeout=httpx.Timeout(ANALYSE_TIMEOUT_SECONDS, connect=1.0))

    async def close(self) -> None:
        await self._http.aclose()

    async def analyse(self, text: str, in_checklist: bool) -> SafetyDecision:
        """The safety decision. Raises UnderstandingUnavailable."""
        try:
            response = await self._http.post(
                self.base_url + Analyse.PATH, json={Analyse.TEXT: text, Analyse.IN_CHECKLIST: in_checklist}
            )
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise UnderstandingUnavailable(type(error).__name__) from error
        body = response.json()
        safety = body.get(Analyse.SAFETY) or {}
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


# ----- Rasa ---------------------------------------------------------------------------------------------

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


class ActionServerWatch:
    """Whether the action server stayed up through a turn, from polls shared by every turn in flight.

    Rasa answers 200 even when a custom action could not run ("the actions events are lost"), so the
    gateway must know, after each turn, whether the action server was reachable the whole time. Rather
    than health requests of its own, every turn shares one poll every `interval` seconds, which runs only
    while turns are in flight: a turn is clean when no poll that ended after it began found the server
    down, up to and including the first poll begun after it ended. A restart takes seconds (the port stays
    closed while Python imports the actions), far longer than the interval, so an outage during a turn is
    always seen. A poll that is only slow (the machine is busy) says nothing either way and the next one
    decides; a turn that gets no answer either way within `verdict_seconds` counts as not clean (undone and
    retried: nothing is lost).
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        url: str,
        interval: float = 0.1,
        timeout: float = 3.0,
        verdict_seconds: float = 15.0,
    ) -> None:
        self._http, self._url, self._interval, self._timeout = http, url, interval, timeout
        self._verdict_seconds = verdict_seconds
        self._in_flight = 0
        self._poller: asyncio.Task | None = None
        self._polled = asyncio.Event()  # set (and replaced) after every poll
        self._last_started = float("-inf")  # when the latest finished poll began
        self._last_up = True
        self._down_seen_at = float("-inf")  # when the latest poll that found it down ended

    def known_down(self) -> bool:
        """The latest poll, if recent, found the server down: a turn now would lose its actions' events."""
        return not self._last_up and time.monotonic() - self._last_started < 5 * self._interval + self._timeout

    @contextlib.asynccontextmanager
    async def turn(self):
        """Around one Rasa turn; yields a callable that says (after the turn) whether it was clean."""
        began = time.monotonic()
        self._in_flight += 1
        try:

            async def clean() -> bool:
                ended = time.monotonic()
                while self._last_started <= ended:
                    self._keep_polling()
                    try:
                        await asyncio.wait_for(self._polled.wait(), ended + self._verdict_seconds - time.monotonic())
                    except TimeoutError:
                        return False
                return self._down_seen_at < began

            self._keep_polling()
            yield clean
        finally:
            self._in_flight -= 1

    def _keep_polling(self) -> None:
        if self._poller is None or self._poller.done():
            self._poller = asyncio.create_task(self._poll())

    async def _poll(self) -> None:
        while self._in_flight > 0:
            started = time.monotonic()
            try:
                up = await asyncio.wait_for(self._healthy(), self._timeout)
                reason = "" if up else "not 200"
            except TimeoutError:
                continue  # slow, not down: the next poll decides
            except Exception as error:  # noqa: BLE001 - refused, reset, unreachable: down
                up, reason = False, type(error).__name__
            if not up and self._last_up:
                log.warning("action server: not answering its health check (%s)", reason)
            if not up:
                self._down_seen_at = time.monotonic()
            self._last_started, self._last_up = started, up
            polled, self._polled = self._polled, asyncio.Event()
            polled.set()
            await asyncio.sleep(max(0.0, self._interval - (time.monotonic() - started)))

    async def _healthy(self) -> bool:
        """GET /health answered 200. Over a bare connection for plain http: a tenth of httpx's CPU, ten times a
        second."""
        url = urlsplit(self._url)
        if url.scheme != "http":
            return (await self._http.get(self._url)).status_code == 200
        reader, writer = await asyncio.open_connection(url.hostname, url.port or 80)
        try:
            writer.write(f"GET {url.path or '/'} HTTP/1.1\r\nHost: {url.netloc}\r\nConnection: close\r\n\r\n".encode())
            status_line = await reader.readline()
        finally:
            writer.close()
        return status_line.split()[1:2] == [b"200"]

    async def close(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._poller


class TurnLost(RasaUnavailable):
    """Rasa filed the turn although the action server was down during it ("the actions events are lost"):
    the caller must undo it (ConversationStore.undo_last_turn) before saying nothing was lost."""

    def __init__(self) -> None:
        super().__init__("action server unavailable during the turn", maybe_delivered=False)


class RasaClient:
    """One or more Rasa replicas (comma-separated URLs) sharing one tracker store.

    Each conversation always goes to the same replica (chosen by a hash of its id, so every gateway
    process agrees): Rasa's Redis lock store issues its tickets with a read-then-write that two replicas
    can race, and two turns of one conversation on two replicas at once could then lose one.
    When that replica refuses the connection (crashed, restarting: nothing of this conversation can be in
    flight there) the next one serves: the gateway's turn lock still lets one turn of a conversation run at
    a time, and Rasa keeps no tracker between turns, so any replica reads the same store.
    """

    def __init__(self, base_urls: str, token: str, timeout_seconds: float, actions_url: str | None = None) -> None:
        self._replicas = [url.strip().rstrip("/") for url in base_urls.split(",") if url.strip()]
        self._http = httpx.AsyncClient(timeout=timeout_seconds)
        # The action server, to tell "it was down during the turn" from a quiet turn.
        self._actions = ActionServerWatch(self._http, f"{actions_url}/health") if actions_url else None
        self._token = token

    def replica_for(self, conversation_id: str) -> str:
        return self._replicas_for(conversation_id)[0]

    def _replicas_for(self, conversation_id: str) -> list[str]:
        """The conversation's own replica first, then the others in turn."""
        digest = hashlib.sha256(conversation_id.encode()).digest()
        first = int.from_bytes(digest[:8], "big") % len(self._replicas)
        return self._replicas[first:] + self._replicas[:first]

    async def close(self) -> None:
        if self._actions is not None:
            await self._actions.close()
        await self._http.aclose()

    async def _request(self, method: str, path: str, conversation_id: str = "", **kwargs) -> httpx.Response:
        replicas = self._replicas_for(conversation_id)
        for number, replica in enumerate(replicas, start=1):
            try:
                response = await self._http.request(method, replica + path, **kwargs)
                response.raise_for_status()
                return response
            except NOT_SENT as error:
                if number == len(replicas):
                    raise RasaUnavailable(type(error).__name__, maybe_delivered=False) from error
            except httpx.HTTPError as error:
                raise RasaUnavailable(type(error).__name__, maybe_delivered=not isinstance(error, NOT_SENT)) from error
        raise RasaUnavailable("no Rasa replica configured", maybe_delivered=False)

    async def send(self, conversation_id: str, text: str, metadata: dict | None = None) -> list[dict]:
        """One turn: the parent's message in, Rasa's REST replies out (see messages_from_rasa)."""
        metadata = dict(metadata or {})
        if CLIENT_MESSAGE_ID.get():
            metadata["client_message_id"] = CLIENT_MESSAGE_ID.get()
        body = {"sender": conversation_id, "message": text, "metadata": metadata}
        if self._actions is None:
            return (await self._request("POST", "/webhooks/rest/webhook", conversation_id, json=body)).json()
        if self._actions.known_down():  # restarting: file nothing now, the retry will be served
            raise RasaUnavailable("action server unavailable", maybe_delivered=False)
        async with self._actions.turn() as clean:
            outputs = (await self._request("POST", "/webhooks/rest/webhook", conversation_id, json=body)).json()
            if await clean():
                return outputs
        # Rasa answers 200 even when the action server was down during the turn: the words would be filed
        # without being kept as an answer. The caller undoes the turn, so that a retry starts clean.
        raise TurnLost()

    async def tracker(self, conversation_id: str) -> dict:
        """Slots and active form, without the event history."""
        response = await self._request(
            "GET",
            f"/conversations/{conversation_id}/tracker",
            conversation_id,
            params={"include_events": "NONE", "token": self._token},
        )
        return response.json()

    async def events(self, conversation_id: str) -> list[dict]:
        """The conversation's events (messages, slots), for the staff console's transcript."""
        response = await self._request(
            "GET",
            f"/conversations/{conversation_id}/tracker",
            conversation_id,
            params={"include_events": "ALL", "token": self._token},
        )
        return response.json().get("events") or []

    async def set_slot(self, conversation_id: str, name: str, value: object) -> None:
        await self._request(
            "POST",
            f"/conversations/{conversation_id}/tracker/events",
            conversation_id,
            params={"token": self._token, "include_events": "NONE"},
            json=[{"event": "slot", "name": name, "value": value}],
        )

    async def ready(self) -> bool:
        """A replica is up with a model loaded (one that is down is passed over, see _request)."""
        for replica in self._replicas:
            try:
                response = await self._http.get(replica + "/status", params={"token": self._token})
                if response.status_code == 200 and response.json().get("model_file"):
                    return True
            except (httpx.HTTPError, ValueError):
                continue
        return False


def messages_from_rasa(raw_messages: list[dict]) -> list[dict]:
    """Rasa's REST replies as the public API's messages: {"text", "buttons": [{"title", "payload"}]}."""
    messages = []
    for raw in raw_messages:
        text = raw.get("text")
        buttons = [
            {"title": str(button.get("title", "")), "payload": str(button.get("payload", ""))}
            for button in raw.get("buttons") or []
        ]
        if text or buttons:
            messages.append({"text": text or "", "buttons": buttons})
    return messages


def offered_payloads(messages: list[dict]) -> list[str]:
    """The payloads of the buttons in a reply: the only text that may reach Rasa as `/intent` shorthand next."""
    return [button["payload"] for message in messages for button in message.get("buttons", [])]
