"""The gateway tells a turn the action server sat through from one it was down for, without a health
request of its own per turn: one poll shared by every turn in flight."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.gateway.backends import ActionServerWatch, RasaClient, RasaUnavailable, TurnLost


class ActionServer:
    """A health endpoint on a real port that can go down (connections refused) and come back."""

    def __init__(self) -> None:
        self.health_checks = 0
        self.port = 0
        self.delay = 0.0  # seconds before answering (a busy machine)
        self._server: asyncio.AbstractServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/health"

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        self.health_checks += 1
        await asyncio.sleep(self.delay)
        writer.write(b'HTTP/1.1 200 OK\r\ncontent-length: 15\r\n\r\n{"status":"ok"}')
        await writer.drain()
        writer.close()

    async def start(self) -> ActionServer:
        self._server = await asyncio.start_server(self._answer, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self._server.close()
        await self._server.wait_closed()


@pytest.mark.asyncio
async def test_a_turn_with_the_server_up_throughout_is_clean():
    server = await ActionServer().start()
    async with httpx.AsyncClient() as http:
        watch = ActionServerWatch(http, server.url, interval=0.02)
        async with watch.turn() as clean:
            await asyncio.sleep(0.05)
            assert await clean()
        await watch.close()
    await server.stop()


@pytest.mark.asyncio
async def test_an_outage_during_the_turn_is_seen_even_when_the_server_is_back_by_its_end():
    server = await ActionServer().start()
    async with httpx.AsyncClient() as http:
        watch = ActionServerWatch(http, server.url, interval=0.02)
        async with watch.turn() as clean:
            await asyncio.sleep(0.03)
            await server.stop()
            await asyncio.sleep(0.06)
            assert watch.known_down()
            await server.start()
            await asyncio.sleep(0.06)
            assert not await clean()
        async with watch.turn() as clean:  # the next turn, with the server up again, is clean
            assert await clean()
        await watch.close()
    await server.stop()


@pytest.mark.asyncio
async def test_a_slow_health_answer_is_not_an_outage_but_no_answer_at_all_is_not_clean():
    server = await ActionServer().start()
    server.delay = 0.2
    async with httpx.AsyncClient() as http:
        watch = ActionServerWatch(http, server.url, interval=0.02, timeout=0.1, verdict_seconds=1.0)
        async with watch.turn() as clean:
            await asyncio.sleep(0.3)  # every poll so far timed out
            server.delay = 0.0
            assert await clean()
        server.delay = 5.0
        async with watch.turn() as clean:
            assert not await clean()
        await watch.close()
    await server.stop()


@pytest.mark.asyncio
async def test_fifty_turns_at_once_share_a_handful_of_polls():
    server = await ActionServer().start()
    async with httpx.AsyncClient() as http:
        watch = ActionServerWatch(http, server.url, interval=0.05)

        async def one_turn() -> bool:
            async with watch.turn() as clean:
                await asyncio.sleep(0.01)
                return await clean()

        assert all(await asyncio.gather(*(one_turn() for _ in range(50))))
        assert server.health_checks <= 4
        await watch.close()
    await server.stop()


@pytest.mark.asyncio
async def test_rasa_client_reports_a_turn_the_action_server_was_down_for_and_sends_nothing_while_it_is():
    server = await ActionServer().start()
    posted: list[tuple[str, bytes]] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        posted.append((request.url.path, request.content))
        if request.url.path == "/webhooks/rest/webhook":
            await server.stop()  # the action server dies while Rasa runs the turn
            await asyncio.sleep(0.3)
            return httpx.Response(200, json=[{"text": "next question"}])
        return httpx.Response(200, json={})

    rasa = RasaClient("http://rasa", "token", 5, actions_url=server.url.removesuffix("/health"))
    await rasa._http.aclose()
    rasa._http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    with pytest.raises(TurnLost) as raised:  # the conversation service undoes it in the store
        await rasa.send("conversation", "an answer")
    assert raised.value.maybe_delivered is False
    assert [path for path, _ in posted] == ["/webhooks/rest/webhook"]
    with pytest.raises(RasaUnavailable):  # still down: nothing is sent at all
        await rasa.send("conversation", "an answer")
    assert len(posted) == 1
    await rasa.close()
