"""The FastAPI application: the only public port. Thin: routing, limits and headers; the work is in
the domain modules and the conversation service."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from bot import letter, safety
from bot.gateway import (
    routes_api_docs,
    routes_conversations,
    routes_councils,
    routes_letter,
    routes_pages,
    routes_staff,
)
from bot.gateway.backends import RasaClient
from bot.gateway.conversations import ConversationService
from bot.gateway.rate_limits import RateLimits
from bot.gateway.security import install_security
from bot.gateway.store import ConversationStore
from bot.gateway.tracker_db import action_server_url, lock_store_redis_url, tracker_store_url
from bot.gateway.turn_locks import RedisTurnLocks
from bot.settings import Settings, load_settings

log = logging.getLogger("ready_to_ask.gateway")
RETENTION_SWEEP_SECONDS = 600


async def sweep_once(store: ConversationStore, retention_seconds: float) -> dict[str, int]:
    """One retention pass. Logs counts only, never an id or a word of any conversation."""
    counts = {"conversations": await run_in_threadpool(store.delete_older_than, retention_seconds)}
    counts.update(await run_in_threadpool(store.sweep_leftovers, retention_seconds))
    if any(counts.values()):
        log.warning("retention: deleted %s", ", ".join(f"{count} {name}" for name, count in counts.items()))
    return counts


async def _sweep_expired(
    store: ConversationStore, retention_seconds: float, interval_seconds: float = RETENTION_SWEEP_SECONDS
) -> None:
    """Runs for the gateway's whole life: a failed pass (database locked or down) is logged and retried."""
    while True:
        try:
            await sweep_once(store, retention_seconds)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - the sweeper must outlive any one failure
            log.warning(
                "retention: this pass failed (%s); trying again in %.0f s", type(error).__name__, interval_seconds
            )
        await asyncio.sleep(interval_seconds)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        rasa = RasaClient(
            settings.rasa_url,
            settings.rasa_token,
            settings.rasa_timeout_seconds,
            actions_url=action_server_url(settings.endpoints_file),
        )
        store = ConversationStore(tracker_store_url(settings.endpoints_file))
        app.state.conversations = ConversationService(rasa, store)
        redis_url = lock_store_redis_url(settings.endpoints_file)
        if redis_url:  # production: every gateway shares the turn locks and the rate limits
            locks = RedisTurnLocks(redis_url, settings.rasa_timeout_seconds, settings.instance)
            freed = await locks.free_locks_of_previous_run()
            if freed:
                log.warning("turn locks: freed %d held by this gateway's previous run", freed)
            app.state.conversations.locks = locks
        app.state.rate_limits = RateLimits(redis_url, settings.rate_limit_conversations, settings.rate_limit_messages)
        safety.warm_up()  # the safety decision's lists and helplines load once, before the first message
        letter.check_content()
        await run_in_threadpool(letter.warm_up)  # fonts load once, not on a parent's first PDF
        sweeper = asyncio.create_task(_sweep_expired(store, settings.retention_hours * 3600))
        async with routes_staff.running(app, store.engine):  # the helpline console, on the same database
            yield
        sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeper
        await rasa.close()
        await app.state.conversations.locks.close()

    app = FastAPI(
        title="Ready to Ask",
        description="Gets a parent ready to ask their council's children's services for help.",
        lifespan=lifespan,
        docs_url=None,  # served by routes_api_docs from this machine, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.include_router(routes_conversations.router)
    routes_conversations.install_error_handlers(app)
    app.include_router(routes_councils.router)
    app.include_router(routes_letter.router)
    routes_staff.install(app)  # /staff, the hand-over code and the caller's one-time letter link
    app.include_router(routes_pages.router)
    app.include_router(routes_api_docs.router)
    install_security(app, settings)

    @app.get("/health", tags=["health"])
    async def health():
        ready = await app.state.conversations.rasa.ready()
        return {"status": "ok" if ready else "starting", "dialogue_engine": "ready" if ready else "unavailable"}

    return app
