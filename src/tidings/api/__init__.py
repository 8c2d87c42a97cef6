"""The REST API of ``tidings serve``: JSON endpoints over the store and the loaded pipeline.

``app.create_app`` builds the FastAPI app; the dashboard (``tidings.web``) adds its pages through the ``routers``
it accepts. Everything heavy (FastAPI, DuckDB, the pipeline) is imported by those modules, not by this package.
"""
