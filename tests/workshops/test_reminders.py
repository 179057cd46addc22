"""`manage.py send_workshop_reminders`: each reminder once, retries of unsent emails."""

import datetime as dt
import io

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from tests.workshop_fixtures import republish
from workshops import services, tasks
from workshops.models import Notification

Kind = Notification.Kind
SOON = dt.timedelta(hours=12)


def run_command(on_commit) -> str:
    out = io.StringIO()
    with on_commit():
        call_command("send_workshop_reminders", stdout=out)
    return out.getvalue()


def reminders_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email] and "Reminder" in m.subject]


def test_command_reminds_confirmed_bookings_starting_within_a_day(
    on_commit, make_workshop, booker
):
    services.book_seats(make_workshop(starts_in=SOON), booker)
    run_command(on_commit)
    assert len(reminders_to(booker)) == 1


def test_command_run_twice_sends_each_reminder_once(on_commit, make_workshop, booker):
    services.book_seats(make_workshop(starts_in=SOON), booker)
    run_command(on_commit)
    run_command(on_commit)
    assert len(reminders_to(booker)) == 1


def test_command_does_not_remind_workshops_more_than_a_day_away(
    on_commit, make_workshop, booker
):
    services.book_seats(make_workshop(starts_in=dt.timedelta(hours=30)), booker)
    run_command(on_commit)
    assert reminders_to(booker) == []


def test_command_does_not_remind_waiting_bookings(on_commit, make_workshop, make_user):
    page = make_workshop(starts_in=SOON, capacity=1)
    services.book_seats(page, make_user())
    waiting = make_user()
    services.book_seats(page, waiting)
    run_command(on_commit)
    assert reminders_to(waiting) == []


def test_command_does_not_remind_cancelled_workshops(on_commit, make_workshop, booker):
    page = make_workshop(starts_in=SOON)
    services.book_seats(page, booker)
    republish(page, is_cancelled=True)
    run_command(on_commit)
    assert reminders_to(booker) == []


def test_workshop_moved_later_gets_a_new_reminder(on_commit, make_workshop, booker):
    page = make_workshop(starts_in=SOON)
    services.book_seats(page, booker)
    run_command(on_commit)
    later = page.local_start + dt.timedelta(hours=2)
    ends = later + dt.timedelta(hours=2)  # may be the next day
    with on_commit():
        republish(
            page,
            start_date=later.date(),
            start_time=later.time(),
            end_date=ends.date(),
            end_time=ends.time(),
        )
    run_command(on_commit)
    first, second = reminders_to(booker)
    first_start = Calendar.from_ical(first.attachments[0].get_payload(decode=True))
    second_start = Calendar.from_ical(second.attachments[0].get_payload(decode=True))
    assert second_start.events[0].start - first_start.events[0].start == (
        dt.timedelta(hours=2)
    )


def test_reminder_email_attaches_the_ics(on_commit, make_workshop, booker):
    page = make_workshop(starts_in=SOON)
    services.book_seats(page, booker)
    run_command(on_commit)
    (reminder,) = reminders_to(booker)
    (part,) = reminder.attachments
    assert part.get_content_type() == "text/calendar"
    assert "A reminder of your booking" in reminder.body


def test_command_says_how_many_it_queued(on_commit, make_workshop, make_user):
    page = make_workshop(starts_in=SOON)
    services.book_seats(page, make_user())
    services.book_seats(page, make_user())
    before = Notification.objects.filter(kind=Kind.REMINDER).count()
    output = run_command(on_commit)
    queued = Notification.objects.filter(kind=Kind.REMINDER).count() - before
    assert queued >= 2
    assert output.startswith(f"{queued} reminder(s) queued")


def test_command_retries_emails_left_unsent(
    django_capture_on_commit_callbacks, on_commit, make_workshop, booker
):
    with django_capture_on_commit_callbacks():  # the worker never ran
        booking = services.book_seats(make_workshop(), booker)
    notification = Notification.objects.get(booking=booking)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=10)
    )
    run_command(on_commit)
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert [m.to for m in mail.outbox] == [[booker.email]]


def test_command_does_not_retry_emails_that_failed_for_good(
    django_capture_on_commit_callbacks, on_commit, make_workshop, booker
):
    with django_capture_on_commit_callbacks():
        booking = services.book_seats(make_workshop(), booker)
    Notification.objects.filter(booking=booking).update(
        created_at=timezone.now() - dt.timedelta(minutes=10),
        attempts=tasks.MAX_ATTEMPTS,
    )
    run_command(on_commit)
    assert mail.outbox == []


def test_command_leaves_recent_unsent_emails_to_their_worker(
    django_capture_on_commit_callbacks, on_commit, make_workshop, booker
):
    with django_capture_on_commit_callbacks():
        services.book_seats(make_workshop(), booker)
    run_command(on_commit)
    assert mail.outbox == []
