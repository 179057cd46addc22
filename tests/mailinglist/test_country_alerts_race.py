"""Two country alerts runs at the same moment make one digest and send it once."""

import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, connections

from countries.models import CountryPage
from mailinglist.models import Campaign, CountryChange, Subscriber


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks (SELECT ... FOR UPDATE)",
)
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_make_one_digest_and_send_it_once(
    committed_demo, smtp_server, make_subscriber
):
    Campaign.objects.all().delete()
    Subscriber.objects.all().delete()
    followers = [make_subscriber(countries=["BR"]) for _ in range(30)]
    brazil = CountryPage.objects.get(country_id="BR", locale__language_code="en")
    CountryChange.objects.create(
        country="BR",
        kind="page",
        translation_key=brazil.translation_key,
        title="Brazil",
    )
    smtp_server.delay = 0.005  # long enough for the runs to overlap
    errors = []

    def run() -> None:
        try:
            call_command("send_country_digest", stdout=open("/dev/null", "w"))
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Campaign.objects.filter(kind="country_digest").count() == 1
    received = Counter(a for m in smtp_server.messages for a in m.rcpt_tos)
    assert received == Counter({f.email: 1 for f in followers})
