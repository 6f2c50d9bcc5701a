"""Property-based: every request the OpenAPI document allows is answered without a 5xx."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.agreements.factories import SignatureFactory
from tests.dialogues.factories import NoteFactory
from tests.organisations.factories import MembershipFactory

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def rows(db):
    """Some of each kind; the requests go through the WSGI handler, which would close the test's
    database connection at the end of each (the test client keeps it open the same way)."""
    NoteFactory()
    MembershipFactory(status="active")
    SignatureFactory()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_server_error(case, rows):
    case.call_and_validate(checks=[schemathesis.checks.not_a_server_error])
