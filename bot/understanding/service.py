"""The understanding service: what it does for one message, and the same over HTTP on loopback only.

Each message is encoded once (whole, and sentence by sentence when it has several); the parse and the
safety decision both read those vectors.
- `POST /model/parse` is Rasa's external NLU interface (endpoints.yml `nlu: url:`): Rasa posts
  `{"text", "message_id", "token"}` and gets Rasa's parse format back (bot/understanding/parse.py).
- `POST /analyse` is for the gateway: the safety decision (bot/safety/decision.py). It encodes the message,
  so Rasa's parse of the same text a moment later reuses the encoding.
- `GET /health`: 200 once the encoder and classifiers are loaded.
No message text is ever logged.
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from bot.contract import Analyse
from bot.safety.decision import SafetyDecision, SentenceScores, decide
from bot.understanding import parse as parsing
from bot.understanding.encoder import Encoder
from bot.understanding.models import Classifiers, load_or_train

MAX_CHARS = 20_000  # the gateway already refuses anything over its own limit; this guards the service itself


@dataclass
class Understanding:
    encoder: Encoder
    classifiers: Classifiers

    @classmethod
    def load(cls, log=print) -> Understanding:
        encoder = Encoder()
        return cls(encoder, load_or_train(encoder, log=log))

    def parse(self, text: str) -> dict:
        """Rasa's parse format."""
        payload = parsing.shorthand(text)
        if payload is not None:
            return payload
        if not text.strip():
            return parsing.rasa_format(text, parsing.FALLBACK_INTENT, 1.0, [], [])
        parts = parsing.segments(text)
        vectors = self.encoder.embed([text] + (parts if len(parts) > 1 else []))  # whole, then each sentence
        return parsing.to_rasa(text, parsing.read(text, vectors, parts if len(parts) > 1 else [text], self.classifiers))

    def screen(self, text: str, in_checklist: bool = False) -> SafetyDecision:
        if parsing.shorthand(text) is not None or not text.strip():
            return SafetyDecision(None)
        texts = [text, *parsing.safety_parts(text)]
        return decide(texts, self.scores(texts, self.encoder.embed(texts)), in_checklist)

    def scores(self, texts: list[str], vectors) -> list[SentenceScores]:
        """The risk and category classifiers' scores for each text (the safety decision's input)."""
        risks = self.classifiers.risk_scores(texts, vectors)
        categories = self.classifiers.rank(self.classifiers.category, vectors)
        return [SentenceScores(r.urgent, r.check, c, r.meaning, r.words) for r, c in zip(risks, categories)]


# ----- over HTTP ---------------------------------------------------------------------------------------------


class ParseRequest(BaseModel):
    text: str = ""
    message_id: str | None = None
    token: str | None = None


class AnalyseRequest(BaseModel):
    text: str
    in_checklist: bool = False


def create_app(understanding: Understanding | None = None) -> FastAPI:
    app = FastAPI(title="Ready to Ask understanding service", docs_url=None, redoc_url=None, openapi_url=None)
    token = os.environ.get("RTA_NLU_TOKEN", "")
    state: dict = {"understanding": understanding}

    def service() -> Understanding:
        if state["understanding"] is None:
            state["understanding"] = Understanding.load()
        return state["understanding"]

    @app.on_event("startup")
    async def load() -> None:
        await run_in_threadpool(service)

    def authorise(given: str | None) -> None:
        if token and not hmac.compare_digest(given or "", token):
            raise HTTPException(status_code=401, detail="bad token")

    @app.get("/health")
    async def health() -> dict:
        return {"status": "ok", "model": service().classifiers.fingerprint}

    @app.post("/model/parse")
    async def parse(body: ParseRequest) -> dict:
        authorise(body.token)
        return await run_in_threadpool(service().parse, body.text[:MAX_CHARS])

    @app.post(Analyse.PATH)
    async def analyse(body: AnalyseRequest, token: str | None = None) -> dict:
        authorise(token)
        decision = await run_in_threadpool(service().screen, body.text[:MAX_CHARS], body.in_checklist)
        return {Analyse.SAFETY: decision.as_dict()}

    return app
