"""The API against its own OpenAPI document (/openapi.json), with schemathesis: generated requests for every
operation, bounded and derandomized (the same cases on every run), on a real store and the real pipeline.

Each response must not be a server error, must have a status code, content type and body the document declares.
Writes carry the token, on a copy of the store, so that generated articles go through the real ingest too.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_fixtures import TOKEN
from tidings.api.app import create_app
from tidings.api.settings import Settings

pytest_plugins = ["tests.api_fixtures"]  # the store and the coding service

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schemathesis.serializer("application/x-ndjson")
def json_lines(ctx, value) -> bytes:
    """POST /api/ingest's JSON Lines body: the generated string as it is (it is mostly not JSON: a reject)."""
    if value is None:
        return b""
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else json.dumps(value).encode()


# schemathesis reads the schema when the module is collected, so the app exists before the fixtures; they put
# the session's store copy and coding service into it before the first case runs
DB = Path(tempfile.mkdtemp(prefix="tidings-schema-")) / "schema.duckdb"
APP = create_app(Settings(db=DB, tokens=frozenset({TOKEN})))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def store_and_pipeline(api_db, service):
    shutil.copy(api_db, DB)
    APP.state.coder = service
    yield
    shutil.rmtree(DB.parent, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_and_never_fails(case):
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {TOKEN}"})
