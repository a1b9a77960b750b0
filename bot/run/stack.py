"""The real product for end-to-end tests: Rasa, the action server and the gateway on free ports, with a
real trained model (cached by a hash of its training data) and a fresh conversation store per session."""

from __future__ import annotations

import os
from pathlib import Path

import httpx

from bot.paths import ROOT
from bot.run.launcher import Stack, free_port

ARTIFACTS = ROOT / "test-artifacts"


def start_stack(store_dir: Path, name: str = "stack", **overrides) -> Stack:
    log_dir = ARTIFACTS / "logs" / f"{name}-{os.getpid()}"  # several test runs may share the tree
    log_dir.mkdir(parents=True, exist_ok=True)
    # The suite starts many conversations from 127.0.0.1; the rate limits have their own tests.
    overrides["extra_env"] = {
        "RTA_RATE_LIMIT_CONVERSATIONS": "100000/minute",
        "RTA_RATE_LIMIT_MESSAGES": "100000/minute",
        **overrides.get("extra_env", {}),
    }
    stack = Stack(
        gateway_port=free_port(),
        rasa_port=free_port(),
        actions_port=free_port(),
        nlu_port=free_port(),
        sqlite_db=store_dir / "conversations.db",
        log_dir=log_dir,
        **overrides,
    )
    return stack.start()


class Parent:
    """Talks to the public API the way the widget does."""

    def __init__(self, base_url: str, council: str | None = None) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)
        body = {"council": council} if council else None
        response = self.http.post("/api/conversations", json=body)
        assert response.status_code == 201, response.text
        self.turn = response.json()
        self.id = self.turn["conversation_id"]

    def say(self, text: str, expect: int = 200) -> dict:
        response = self.http.post(f"/api/conversations/{self.id}/messages", json={"text": text})
        assert response.status_code == expect, response.text
        if expect == 200:
            self.turn = response.json()
        return response.json()

    def answer(self, text: str) -> dict:
        """Say an answer; if the screen asks "is anyone in danger right now?" (an answer about serious harm that is
        still going on), answer it as a parent who is safe at the moment would: "No, carry on"."""
        self.say(text)
        if (self.turn.get("safety") or {}).get("level") == "check":
            self.press("No, carry on")
        return self.turn

    def press(self, title_words: str) -> dict:
        """Press the offered button whose title contains these words."""
        for message in self.turn["messages"]:
            for button in message["buttons"]:
                if title_words.lower() in button["title"].lower():
                    return self.say(button["payload"])
        offered = [b["title"] for m in self.turn["messages"] for b in m["buttons"]]
        raise AssertionError(f"no button like {title_words!r}; offered: {offered}")

    def text(self) -> str:
        return "\n".join(message["text"] for message in self.turn["messages"])

    def checklist(self) -> dict:
        response = self.http.get(f"/api/conversations/{self.id}/checklist")
        assert response.status_code == 200, response.text
        return response.json()


def ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"
