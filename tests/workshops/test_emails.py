"""Booking emails: one per event, text + HTML, in the booking's language, .ics attached."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import formats, translation
from icalendar import Calendar
from wagtail.models import Locale

from tests.workshop_fixtures import republish
from workshops import services, tasks
from workshops.models import Booking, Format, Notification

Kind = Notification.Kind


def html_of(message) -> str:
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def ics_of(message) -> Calendar | None:
    """The attached calendar, or None when there is none."""
    parts = [
        part
        for part in message.message().walk()
        if part.get_content_type() == "text/calendar"
    ]
    if not parts:
        return None
    (part,) = parts
    assert part.get_param("method") == "PUBLISH"
    assert part.get_filename().endswith(".ics")
    return Calendar.from_ical(part.get_payload(decode=True))


def book(on_commit, page, user, **kwargs) -> Booking:
    with on_commit():
        return services.book_seats(page, user, **kwargs)


def cancel(on_commit, booking, by=None) -> Booking:
    with on_commit():
        return services.cancel_booking(booking, by=by or booking.user)


# -- one email per event ---------------------------------------------------------


def test_confirmed_email_is_sent_once_to_the_user(on_commit, make_workshop, booker):
    book(on_commit, make_workshop(title="Bilbao briefing"), booker)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [booker.email]
    assert "Bilbao briefing" in mail.outbox[0].subject


def test_confirmed_email_has_text_and_html_parts(on_commit, make_workshop, booker):
    book(on_commit, make_workshop(title="Bilbao briefing"), booker)
    message = mail.outbox[0]
    assert "Bilbao briefing" in message.body
    assert "Bilbao briefing" in html_of(message)
    assert "<html" not in message.body


def test_confirmed_email_attaches_the_workshops_ics(on_commit, make_workshop, booker):
    page = make_workshop()
    book(on_commit, page, booker)
    (event,) = ics_of(mail.outbox[0]).events
    assert str(event["UID"]) == f"workshop-{page.translation_key}@oss-portal"
    assert event["STATUS"] == "CONFIRMED"


def test_confirmed_email_ics_has_no_organizer(on_commit, make_workshop, booker):
    book(on_commit, make_workshop(), booker)
    assert "ORGANIZER" not in ics_of(mail.outbox[0]).to_ical().decode()


def test_waitlisted_email_gives_the_position(on_commit, make_workshop, make_user):
    page = make_workshop(capacity=1)
    book(on_commit, page, make_user())
    book(on_commit, page, make_user())
    waiting = make_user()
    book(on_commit, page, waiting)
    message = mail.outbox[-1]
    assert message.to == [waiting.email]
    assert "number 2 on the waiting list" in message.body


def test_waitlisted_email_has_no_ics(on_commit, make_workshop, make_user):
    page = make_workshop(capacity=1)
    book(on_commit, page, make_user())
    book(on_commit, page, make_user())
    assert ics_of(mail.outbox[-1]) is None


def test_promoted_email_is_sent_when_a_seat_frees_up(
    on_commit, make_workshop, make_user
):
    page = make_workshop(capacity=1)
    first = book(on_commit, page, make_user())
    waiting = make_user()
    book(on_commit, page, waiting)
    mail.outbox.clear()
    cancel(on_commit, first)
    promoted = [m for m in mail.outbox if m.to == [waiting.email]]
    assert len(promoted) == 1
    assert "now confirmed" in promoted[0].body
    assert ics_of(promoted[0]).events[0]["STATUS"] == "CONFIRMED"


def test_cancelled_email_attaches_a_cancelled_ics(on_commit, make_workshop, booker):
    booking = book(on_commit, make_workshop(), booker)
    mail.outbox.clear()
    cancel(on_commit, booking)
    (message,) = mail.outbox
    assert "cancelled" in message.subject.lower()
    (event,) = ics_of(message).events
    assert event["STATUS"] == "CANCELLED"


def test_cancelled_email_of_a_waiting_booking_has_no_ics(
    on_commit, make_workshop, make_user
):
    page = make_workshop(capacity=1)
    book(on_commit, page, make_user())
    waiting = book(on_commit, page, make_user())
    mail.outbox.clear()
    cancel(on_commit, waiting)
    (message,) = mail.outbox
    assert ics_of(message) is None


def test_cancelled_by_a_coordinator_says_so(
    on_commit, make_workshop, booker, coordinator
):
    booking = book(on_commit, make_workshop(), booker)
    mail.outbox.clear()
    cancel(on_commit, booking, by=coordinator)
    assert "coordinator has cancelled" in mail.outbox[0].body


def test_changed_email_carries_a_higher_sequence(on_commit, make_workshop, booker):
    page = make_workshop()
    book(on_commit, page, booker)
    mail.outbox.clear()
    with on_commit():
        republish(page, start_time=dt.time(7, 0), end_time=dt.time(9, 0))
    (message,) = mail.outbox
    assert "changed" in message.subject.lower()
    (event,) = ics_of(message).events
    assert event["SEQUENCE"] == 1
    assert event.start.time() == dt.time(7, 0)


def test_changed_email_to_a_waiting_booking_has_no_ics(
    on_commit, make_workshop, make_user
):
    page = make_workshop(capacity=1)
    book(on_commit, page, make_user())
    waiting = make_user()
    book(on_commit, page, waiting)
    mail.outbox.clear()
    with on_commit():
        republish(page, venue="Another hall")
    (message,) = [m for m in mail.outbox if m.to == [waiting.email]]
    assert ics_of(message) is None
    assert "still on the waiting list" in message.body


def test_workshop_cancelled_email_reaches_everyone_booked(
    on_commit, make_workshop, make_user
):
    page = make_workshop(capacity=1)
    users = [make_user(), make_user()]
    for user in users:
        book(on_commit, page, user)
    mail.outbox.clear()
    with on_commit():
        republish(page, is_cancelled=True)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert all("cancelled" in m.subject.lower() for m in mail.outbox)


def test_workshop_cancelled_email_attaches_a_cancelled_ics(
    on_commit, make_workshop, booker
):
    page = make_workshop()
    book(on_commit, page, booker)
    mail.outbox.clear()
    with on_commit():
        republish(page, is_cancelled=True)
    (event,) = ics_of(mail.outbox[0]).events
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_reinstated_workshop_email_says_it_goes_ahead(on_commit, make_workshop, booker):
    page = make_workshop()
    book(on_commit, page, booker)
    with on_commit():
        page = republish(page, is_cancelled=True)
    mail.outbox.clear()
    with on_commit():
        republish(page, is_cancelled=False)
    (message,) = mail.outbox
    assert "going ahead" in message.subject
    (event,) = ics_of(message).events
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == 2


# -- language, content, headers ----------------------------------------------------


def test_email_is_in_the_bookings_language(on_commit, make_workshop, booker):
    page = make_workshop()
    book(on_commit, page, booker, language="es")
    message = mail.outbox[0]
    with translation.override("es"):
        spanish_date = formats.date_format(
            page.starts_at.astimezone(ZoneInfo(page.time_zone)), "DATE_FORMAT"
        )
    assert message.extra_headers["Content-Language"] == "es"
    assert '<html lang="es">' in html_of(message)
    assert spanish_date in message.body


def test_email_language_falls_back_to_the_users_preference(
    on_commit, make_workshop, make_user
):
    user = make_user(preferred_language="pt")
    booking = book(on_commit, make_workshop(), user)
    assert booking.language == "pt"
    assert mail.outbox[0].extra_headers["Content-Language"] == "pt"


def test_email_uses_the_workshops_title_in_that_language(
    on_commit, make_workshop, booker
):
    page = make_workshop(title="Returning to Peru")
    spanish = page.copy_for_translation(
        Locale.objects.get(language_code="es"), copy_parents=True
    )
    spanish.title = "Volver a Perú"
    spanish.save_revision().publish()
    book(on_commit, page, booker, language="es")
    message = mail.outbox[0]
    assert "Volver a Perú" in message.subject
    assert "/es/" in ics_of(message).events[0]["URL"]


def test_email_shows_the_local_time_and_names_the_zone(
    on_commit, make_workshop, booker
):
    page = make_workshop(time_zone="America/Bogota")
    book(on_commit, page, booker)
    local = page.starts_at.astimezone(ZoneInfo("America/Bogota"))
    assert local.strftime("%H:%M") in mail.outbox[0].body
    assert "America/Bogota" in mail.outbox[0].body


def test_email_lists_seats_and_attendee_names(on_commit, make_workshop, booker):
    page = make_workshop(max_seats_per_booking=3)
    book(on_commit, page, booker, seats=2, attendee_names=["Ana Ruiz", "Luis Paz"])
    assert "Seats: 2 (Ana Ruiz, Luis Paz)" in mail.outbox[0].body


def test_email_links_to_the_page_and_my_bookings(
    on_commit, make_workshop, booker, settings
):
    settings.SITE_URL = "https://portal.example.org"
    page = make_workshop(slug="bilbao-briefing")
    book(on_commit, page, booker)
    body = mail.outbox[0].body
    assert "https://portal.example.org/en/workshops/bilbao-briefing/" in body
    assert "https://portal.example.org/en/accounts/bookings/" in body


def test_email_is_marked_auto_generated(on_commit, make_workshop, booker):
    book(on_commit, make_workshop(), booker)
    assert mail.outbox[0].message()["Auto-Submitted"] == "auto-generated"


def test_online_link_is_in_a_confirmed_participants_email(
    on_commit, make_workshop, booker
):
    page = make_workshop(format=Format.ONLINE, online_url="https://meet.example.org/r9")
    book(on_commit, page, booker)
    message = mail.outbox[0]
    assert "https://meet.example.org/r9" in message.body
    assert "https://meet.example.org/r9" in ics_of(message).events[0]["DESCRIPTION"]


def test_online_link_is_not_in_a_waiting_persons_email(
    on_commit, make_workshop, make_user
):
    page = make_workshop(
        capacity=1, format=Format.ONLINE, online_url="https://meet.example.org/r9"
    )
    book(on_commit, page, make_user())
    book(on_commit, page, make_user())
    message = mail.outbox[-1]
    assert "meet.example.org" not in message.body
    assert "meet.example.org" not in html_of(message)


def test_every_kind_of_email_is_valid_html(
    on_commit, make_workshop, make_user, tmp_path
):
    from tests.html_validation import html_errors

    page = make_workshop(starts_in=dt.timedelta(hours=12), capacity=1)
    first, waiting = make_user(), make_user()
    first_booking = book(on_commit, page, first)  # confirmed
    waiting_booking = book(on_commit, page, waiting)  # waitlisted
    cancel(on_commit, first_booking)  # cancelled, promoted
    with on_commit():
        services.change_booking(
            waiting_booking, 1, ["Another Name"], by=waiting
        )  # booking changed
    with on_commit():
        page = republish(page, venue="Another hall")  # changed
    with on_commit():
        services.queue_reminders()  # reminder
    with on_commit():
        republish(page, is_cancelled=True)  # workshop cancelled
    kinds = set(
        Notification.objects.filter(
            booking__workshop__translation_key=page.translation_key
        ).values_list("kind", flat=True)
    )
    assert kinds == set(Kind.values)
    documents = {f"{m.subject} ({n})": html_of(m) for n, m in enumerate(mail.outbox)}
    assert html_errors(documents, tmp_path) == []


# -- sending once, and not when stale ----------------------------------------------


def test_delivering_a_notification_twice_sends_one_email(
    on_commit, make_workshop, booker
):
    book(on_commit, make_workshop(), booker)
    notification = Notification.objects.get(kind=Kind.CONFIRMED, booking__user=booker)
    assert tasks.deliver_notification.call(notification.pk) is False
    assert len(mail.outbox) == 1


def test_delivered_notification_is_marked_sent(on_commit, make_workshop, booker):
    book(on_commit, make_workshop(), booker)
    notification = Notification.objects.get(kind=Kind.CONFIRMED, booking__user=booker)
    assert notification.sent_at is not None
    assert notification.attempts == 1


def test_no_email_when_the_account_was_deleted(
    django_capture_on_commit_callbacks, make_workshop, booker
):
    with django_capture_on_commit_callbacks() as callbacks:
        booking = services.book_seats(make_workshop(), booker)
    booker.delete()
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    notification = Notification.objects.get(kind=Kind.CONFIRMED, booking=booking)
    assert notification.sent_at is not None
    assert "no recipient" in notification.last_error


def test_stale_confirmation_is_not_sent_after_a_cancellation(
    django_capture_on_commit_callbacks, make_workshop, booker
):
    with django_capture_on_commit_callbacks() as callbacks:
        booking = services.book_seats(make_workshop(), booker)
        services.cancel_booking(booking, by=booker)
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert "cancelled" in message.subject.lower()
