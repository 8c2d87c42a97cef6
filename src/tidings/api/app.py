"""The FastAPI app of ``tidings serve``: ``create_app(settings, routers)``.

The API's routers are always there; ``routers`` adds more (the dashboard's pages, ``tidings.web``), so the web
layer builds on the API without the API knowing about it. The app's state holds what every request shares: the
settings, the store access (``storeaccess``) and the coding service (``coder``); the coding thread starts with
the app and stops with it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from tidings import __version__
from tidings.api.coder import CodeService
from tidings.api.errors import BodyLimit, install_error_handlers
from tidings.api.settings import Settings
from tidings.api.storeaccess import StoreAccess


def create_app(settings: Settings | None = None, routers: Iterable[APIRouter] = (), preload: bool = False,
               service: CodeService | None = None) -> FastAPI:
    """The app for ``settings``. ``routers`` are included after the API's; ``preload`` loads the pipeline when the
    server starts instead of at the first request that needs it; ``service`` shares an already-loaded pipeline
    (tests build one for several apps)."""
    from tidings.api import routes_read, routes_write

    settings = settings or Settings()
    coder = service or CodeService(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        coder.start(preload=preload)
        try:
            yield
        finally:
            if service is None:  # a shared service belongs to whoever made it
                coder.stop()
            app.state.store.close()

    app = FastAPI(title="tidings", version=__version__, lifespan=lifespan,
                  description="Political events coded from news text, with their evidence (CAMEO and PLOVER).")
    app.state.settings = settings
    app.state.store = StoreAccess(settings.db)
    app.state.coder = coder
    install_error_handlers(app)
    app.add_middleware(BodyLimit, limits={"/api/code": settings.code_body_bytes,
                                          "/api/ingest": settings.ingest_body_bytes},
                       default=settings.code_body_bytes)
    app.include_router(routes_read.router)
    app.include_router(routes_write.router)
    for r in routers:
        app.include_router(r)
    return app
