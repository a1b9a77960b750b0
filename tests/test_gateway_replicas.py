"""Each conversation keeps to one Rasa replica, the same in every gateway process."""
from bot.gateway.rasa_client import RasaClient


def test_a_conversation_always_goes_to_the_same_replica_and_both_are_used():
    first = RasaClient("http://127.0.0.1:5005, http://127.0.0.1:5006", "token", 5)
    second = RasaClient("http://127.0.0.1:5005,http://127.0.0.1:5006", "token", 5)
    ids = [f"conversation-{n}" for n in range(40)]
    assert [first.replica_for(i) for i in ids] == [second.replica_for(i) for i in ids]
    assert {first.replica_for(i) for i in ids} == {"http://127.0.0.1:5005", "http://127.0.0.1:5006"}
