"""Issuing a certificate from two requests at once gives one certificate (on
PostgreSQL, with real threads: the booking's row lock and the unique
(booking, seat) serialise them). See test_concurrency.py for the set-up."""

import pytest
from django.db import connection

from tests.threads import run_together
from workshops import certificates
from workshops.models import Certificate

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) are a no-op on SQLite; "
        "set DATABASE_URL to a PostgreSQL database",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def demo_site_present(committed_demo) -> None:
    """Every test here starts on the demo site (``committed_demo``)."""


def test_two_requests_at_once_issue_one_certificate(attended_booking, coordinator):
    booking = attended_booking()
    results = run_together(
        [
            lambda: certificates.issue_certificate(booking, 0, by=booking.user),
            lambda: certificates.issue_certificate(booking, 0, by=coordinator),
        ]
    )
    assert all(isinstance(result, Certificate) for result in results)
    assert results[0].pk == results[1].pk
    assert results[0].code == results[1].code
    assert Certificate.objects.filter(booking=booking).count() == 1
