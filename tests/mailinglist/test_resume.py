"""A send interrupted part-way and resumed: exactly one message per subscriber.

The crash is simulated by raising a ``BaseException`` (as a kill would,
nothing catches it) at a chosen step of the k-th delivery; the real SMTP
server then sees the connection close, as it would when the process dies.
``bench/mailing_send.py`` does the same with SIGKILL on PostgreSQL.
"""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from mailinglist import sending
from mailinglist.models import Campaign, Delivery

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_list")]


class SimulatedCrash(BaseException):
    """The worker process dying at this point."""


def crash_at(stage: str, k: int):
    """A sending hook that crashes at ``stage`` of the k-th delivery reaching it."""
    seen = Counter()

    def hook(current: str, delivery: Delivery) -> None:
        if current == stage:
            seen[stage] += 1
            if seen[stage] == k:
                raise SimulatedCrash(f"{stage} of delivery {delivery.pk}")

    return hook


def received(smtp) -> Counter:
    return Counter(address for m in smtp.messages for address in m.rcpt_tos)


@pytest.fixture
def ten_people(make_subscriber):
    return [make_subscriber() for _ in range(10)]


def test_crash_after_k_deliveries_then_resume_sends_the_rest_once(
    smtp_server, ten_people, make_campaign
):
    campaign = make_campaign()
    with pytest.raises(SimulatedCrash):
        sending.run_campaign(campaign.pk, hook=crash_at("delivered", 4))
    assert len(smtp_server.messages) == 4
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENDING

    sending.run_campaign(campaign.pk)
    assert received(smtp_server) == Counter({s.email: 1 for s in ten_people})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT


def test_crash_in_the_middle_of_a_message_then_resume_sends_it_once(
    smtp_server, ten_people, make_campaign
):
    campaign = make_campaign()
    with pytest.raises(SimulatedCrash):
        # The 5th message is on the wire, all but its final dot; not yet marked.
        sending.run_campaign(campaign.pk, hook=crash_at("data-sent", 5))
    assert len(smtp_server.messages) == 4  # the server dropped the unfinished one
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 4

    sending.run_campaign(campaign.pk)
    assert received(smtp_server) == Counter({s.email: 1 for s in ten_people})


def test_crash_between_the_mark_and_the_final_dot_never_sends_twice(
    smtp_server, ten_people, make_campaign
):
    campaign = make_campaign()
    with pytest.raises(SimulatedCrash):
        sending.run_campaign(campaign.pk, hook=crash_at("committed", 3))
    sending.run_campaign(campaign.pk)
    counts = received(smtp_server)
    # The one caught in that window is marked sent but was never completed:
    # lost (at most once), never duplicated.
    assert max(counts.values()) == 1
    assert len(counts) == 9
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 10


def test_interrupted_after_k_messages_by_a_limit_then_resumed(
    smtp_server, ten_people, make_campaign
):
    campaign = make_campaign()
    first = sending.run_campaign(campaign.pk, limit=3)
    assert (first.sent, first.finished, first.stopped) == (3, False, "limit reached")
    second = sending.run_campaign(campaign.pk)
    assert second.sent == 7 and second.finished
    assert received(smtp_server) == Counter({s.email: 1 for s in ten_people})


def test_crash_with_the_locmem_backend_then_resume_sends_each_once(
    mailoutbox, ten_people, make_campaign
):
    campaign = make_campaign()
    with pytest.raises(SimulatedCrash):
        sending.run_campaign(campaign.pk, hook=crash_at("delivered", 6))
    sending.run_campaign(campaign.pk)
    assert Counter(m.to[0] for m in mailoutbox) == Counter(
        {s.email: 1 for s in ten_people}
    )


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks (SELECT ... FOR UPDATE)",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_share_a_campaign_without_duplicates(
    committed_demo, smtp_server, make_subscriber, make_campaign
):
    people = [make_subscriber() for _ in range(60)]
    campaign = make_campaign()
    sending.materialise(campaign.pk)
    smtp_server.delay = 0.005  # long enough for the workers to interleave
    errors, reports = [], []

    def worker() -> None:
        try:
            reports.append(sending.run_campaign(campaign.pk))
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert received(smtp_server) == Counter({s.email: 1 for s in people})
    assert sorted(r.sent for r in reports) != [0, 60]  # both did some of the work
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
