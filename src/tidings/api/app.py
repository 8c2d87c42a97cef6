"""The FastAPI app of ``tidings serve``: ``create_app(settings, routers)``.

The API's routers are always there; ``routers`` adds more (the dashboard's pages, ``tidings.web``), so the web
layer builds on the API without the API knowing about it. The app's state holds what every request shares: the
settings, the store access (``storeaccess``) and the coding service (``coder``); the coding thread starts with
the app and stops with it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI

from tidings import __version__
from tidings.api.coder import CodeService
from tidings.api.errors import BodyLimit, install_error_handlers
from tidings.api.settings import Settings
from tidings.api.storeaccess import StoreAccess

SWAGGER_UI = Path(__file__).parent / "static" / "swagger-ui"


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

    app = FastAPI(title="tidings", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
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
    add_docs(app)
    return app


def add_docs(app: FastAPI) -> None:
    """/docs: Swagger UI from files bundled with the package (``api/static/swagger-ui``), not FastAPI's default
    CDN, so the interactive docs work with no internet; no validator badge (it would call swagger.io)."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    app.mount("/api/static/swagger-ui", StaticFiles(directory=SWAGGER_UI), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title="tidings API",
                                   swagger_js_url="/api/static/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/api/static/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/api/static/swagger-ui/favicon-32x32.png",
                                   swagger_ui_parameters={"validatorUrl": None})
