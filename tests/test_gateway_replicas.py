"""Each conversation keeps to one Rasa replica, the same in every gateway process."""

import httpx
import pytest

from bot.gateway.backends import RasaClient, RasaUnavailable


def test_a_conversation_always_goes_to_the_same_replica_and_both_are_used():
    first = RasaClient("http://127.0.0.1:5005, http://127.0.0.1:5006", "token", 5)
    second = RasaClient("http://127.0.0.1:5005,http://127.0.0.1:5006", "token", 5)
    ids = [f"conversation-{n}" for n in range(40)]
    assert [first.replica_for(i) for i in ids] == [second.replica_for(i) for i in ids]
    assert {first.replica_for(i) for i in ids} == {"http://127.0.0.1:5005", "http://127.0.0.1:5006"}


@pytest.mark.asyncio
async def test_a_replica_that_refuses_connections_is_passed_over_but_one_that_failed_mid_turn_is_not():
    asked: list[str] = []
    down = {"http://127.0.0.1:5005"}

    def handler(request: httpx.Request) -> httpx.Response:
        base = f"http://{request.url.host}:{request.url.port}"
        asked.append(base)
        if base in down:
            raise httpx.ConnectError("refused", request=request)
        if request.url.path == "/mid-turn":
            raise httpx.ReadError("reset", request=request)
        return httpx.Response(200, json=[])

    rasa = RasaClient("http://127.0.0.1:5005,http://127.0.0.1:5006", "token", 5)
    await rasa._http.aclose()
    rasa._http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    own = next(f"c{n}" for n in range(50) if rasa.replica_for(f"c{n}") == "http://127.0.0.1:5005")
    await rasa._request("POST", "/webhooks/rest/webhook", own)
    assert asked == ["http://127.0.0.1:5005", "http://127.0.0.1:5006"]
    down.clear()
    asked.clear()
    with pytest.raises(RasaUnavailable) as raised:  # may have been filed: never sent again elsewhere
        await rasa._request("POST", "/mid-turn", own)
    assert asked == ["http://127.0.0.1:5005"] and raised.value.maybe_delivered
    down.update({"http://127.0.0.1:5005", "http://127.0.0.1:5006"})
    with pytest.raises(RasaUnavailable) as raised:
        await rasa._request("POST", "/webhooks/rest/webhook", own)
    assert raised.value.maybe_delivered is False
    await rasa.close()
