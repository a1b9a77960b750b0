"""The understanding service over HTTP, on loopback only.

- `POST /model/parse` is Rasa's external NLU interface (endpoints.yml `nlu: url:`): Rasa posts
  `{"text", "message_id", "token"}` and gets Rasa's parse format back.
- `POST /analyse` is for the gateway: the safety decision. It encodes the message, so Rasa's parse of the
  same text a moment later reuses the encoding.
- `GET /health`: 200 once the encoder and classifiers are loaded.
No message text is ever logged.
"""
from __future__ import annotations

import hmac
import os

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from bot.understanding.service import Understanding

MAX_CHARS = 20_000  # the gateway already refuses anything over its own limit; this guards the service itself


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

    @app.post("/analyse")
    async def analyse(body: AnalyseRequest, token: str | None = None) -> dict:
        authorise(token)
        decision = await run_in_threadpool(service().screen, body.text[:MAX_CHARS], body.in_checklist)
        return {"safety": decision.as_dict()}

    return app
