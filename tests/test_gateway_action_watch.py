"""The gateway tells a turn the action server sat through from one it was down for, without a health
request of its own per turn: one poll shared by every turn in flight."""
from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.gateway.rasa_client import ActionServerWatch, RasaClient, RasaUnavailable


class ActionServer:
    def __init__(self) -> None:
        self.up = True
        self.health_checks = 0

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.health_checks += 1
        if not self.up:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"status": "ok"})


@pytest.mark.asyncio
async def test_a_turn_with_the_server_up_throughout_is_clean():
    server = ActionServer()
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.handler)) as http:
        watch = ActionServerWatch(http, "http://actions/health", interval=0.02)
        async with watch.turn() as clean:
            await asyncio.sleep(0.05)
            assert await clean()
        await watch.close()


@pytest.mark.asyncio
async def test_an_outage_during_the_turn_is_seen_even_when_the_server_is_back_by_its_end():
    server = ActionServer()
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.handler)) as http:
        watch = ActionServerWatch(http, "http://actions/health", interval=0.02)
        async with watch.turn() as clean:
            await asyncio.sleep(0.03)
            server.up = False
            await asyncio.sleep(0.06)
            assert watch.known_down()
            server.up = True
            await asyncio.sleep(0.06)
            assert not await clean()
        async with watch.turn() as clean:  # the next turn, with the server up again, is clean
            assert await clean()
        await watch.close()


@pytest.mark.asyncio
async def test_fifty_turns_at_once_share_a_handful_of_polls():
    server = ActionServer()
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.handler)) as http:
        watch = ActionServerWatch(http, "http://actions/health", interval=0.05)

        async def one_turn() -> bool:
            async with watch.turn() as clean:
                await asyncio.sleep(0.01)
                return await clean()

        assert all(await asyncio.gather(*(one_turn() for _ in range(50))))
        assert server.health_checks <= 4
        await watch.close()


@pytest.mark.asyncio
async def test_rasa_client_undoes_a_turn_the_action_server_was_down_for_and_sends_nothing_while_it_is():
    server = ActionServer()
    posted: list[tuple[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "actions":
            return server.handler(request)
        posted.append((request.url.path, request.content))
        if request.url.path == "/webhooks/rest/webhook":
            server.up = False  # the action server dies while Rasa runs the turn
            return httpx.Response(200, json=[{"text": "next question"}])
        return httpx.Response(200, json={})

    rasa = RasaClient("http://rasa", "token", 5, actions_url="http://actions")
    await rasa._http.aclose()
    rasa._http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    rasa._actions._http = rasa._http
    with pytest.raises(RasaUnavailable) as raised:
        await rasa.send("conversation", "an answer")
    assert raised.value.maybe_delivered is False
    assert [path for path, _ in posted] == ["/webhooks/rest/webhook", "/conversations/conversation/tracker/events"]
    assert b"rewind" in posted[1][1]
    with pytest.raises(RasaUnavailable):  # still down: nothing is sent at all
        await rasa.send("conversation", "an answer")
    assert len(posted) == 2
    await rasa.close()
