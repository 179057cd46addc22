"""Booking emails through a real SMTP conversation (aiosmtpd on 127.0.0.1)."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import VerifiedUserFactory
from tests.smtp import running_smtp_server, smtp_server_down
from tests.threads import run_together
from workshops import services, tasks
from workshops.models import Booking, Notification, Workshop

Kind = Notification.Kind


def confirmation_of(booking: Booking) -> Notification:
    return Notification.objects.get(booking=booking, kind=Kind.CONFIRMED)


def test_booking_email_reaches_the_smtp_server_once(on_commit, make_workshop, booker):
    page = make_workshop()
    with running_smtp_server() as smtp, on_commit():
        services.book_seats(page, booker)
    assert len(smtp.messages) == 1
    assert smtp.messages[0].rcpt_tos == [booker.email]


def test_booking_email_over_smtp_is_alternative_text_html_plus_ics(
    on_commit, make_workshop, booker
):
    page = make_workshop()
    with running_smtp_server() as smtp, on_commit():
        services.book_seats(page, booker)
    message = smtp.messages[0].message
    assert message.get_content_type() == "multipart/mixed"
    alternative, calendar = message.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in alternative.get_payload()] == [
        "text/plain",
        "text/html",
    ]
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "PUBLISH"
    assert str(page.translation_key) in calendar.get_content()


def test_smtp_down_leaves_the_email_unsent_with_the_error(
    on_commit, make_workshop, booker
):
    with smtp_server_down(), on_commit():
        booking = services.book_seats(make_workshop(), booker)
    notification = confirmation_of(booking)
    assert notification.sent_at is None
    assert notification.attempts == 1
    assert notification.last_error.startswith("temporary")


def test_email_unsent_while_smtp_was_down_is_sent_by_a_retry(
    on_commit, make_workshop, booker
):
    with smtp_server_down(), on_commit():
        booking = services.book_seats(make_workshop(), booker)
    with running_smtp_server() as smtp:
        assert tasks.retry_unsent(older_than_seconds=0) >= 1
    assert [m.rcpt_tos for m in smtp.messages if booker.email in m.rcpt_tos] == [
        [booker.email]
    ]
    assert confirmation_of(booking).sent_at is not None


def test_temporary_refusal_keeps_the_email_for_a_retry(
    on_commit, make_workshop, booker
):
    with running_smtp_server() as smtp, on_commit():
        smtp.rcpt_reply = "451 4.3.0 Try again later"
        booking = services.book_seats(make_workshop(), booker)
    notification = confirmation_of(booking)
    assert notification.sent_at is None
    assert notification.attempts < tasks.MAX_ATTEMPTS
    assert notification.last_error.startswith("temporary")


def test_permanent_refusal_stops_the_retries(on_commit, make_workshop, booker):
    with running_smtp_server() as smtp, on_commit():
        smtp.rcpt_reply = "550 5.1.1 No such user here"
        booking = services.book_seats(make_workshop(), booker)
    notification = confirmation_of(booking)
    assert notification.sent_at is None
    assert notification.attempts == tasks.MAX_ATTEMPTS
    assert notification.last_error.startswith("permanent")


def test_permanently_refused_email_is_not_retried(on_commit, make_workshop, booker):
    with running_smtp_server() as smtp, on_commit():
        smtp.rcpt_reply = "550 5.1.1 No such user here"
        booking = services.book_seats(make_workshop(), booker)
    Notification.objects.filter(pk=confirmation_of(booking).pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    with running_smtp_server() as smtp:
        tasks.retry_unsent(older_than_seconds=0)
    assert not [m for m in smtp.messages if booker.email in m.rcpt_tos]


# -- two workers, one notification (PostgreSQL) ------------------------------------


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (select_for_update) are a no-op on SQLite; "
    "set DATABASE_URL to a PostgreSQL database",
)
def test_concurrent_deliveries_of_one_notification_send_one_message(
    django_db_setup, django_db_blocker
):
    """Rows are committed for real (the threads must see them) and removed at the
    end, which leaves the demo site of the run in place (no flush)."""
    with django_db_blocker.unblock():
        user = VerifiedUserFactory()
        start = timezone.now() + dt.timedelta(days=7)
        record = Workshop.objects.create(
            translation_key=uuid.uuid4(),
            title="Concurrency briefing",
            capacity=5,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            time_zone="Europe/Madrid",
            city="Testville",
        )
        try:
            with smtp_server_down():
                booking = services.book_seats(record, user)
            notification = confirmation_of(booking)
            assert notification.sent_at is None
            with running_smtp_server() as smtp:
                smtp.delay = 0.5  # the first worker holds the row while sending
                results = run_together(
                    [lambda: tasks.deliver_notification.call(notification.pk)] * 2
                )
            assert sorted(results) == [False, True]
            assert [m.rcpt_tos for m in smtp.messages] == [[user.email]]
        finally:
            Notification.objects.filter(booking__workshop=record).delete()
            Booking.objects.filter(workshop=record).delete()
            record.delete()
            user.delete()
            connection.close()
