"""The endpoints that need the pipeline or change the store: POST /api/code and POST /api/ingest."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api")
