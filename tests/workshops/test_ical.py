"""The .ics of one workshop: UID, TZID/VTIMEZONE, SEQUENCE, STATUS, privacy."""

import datetime as dt

import pytest
from icalendar import Calendar

from tests.workshop_fixtures import record_of, republish, translate
from workshops import ical
from workshops.models import Format, WorkshopPage


def parse(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def only_event(calendar: Calendar):
    events = calendar.events
    assert len(events) == 1
    return events[0]


def calendar_url(page: WorkshopPage) -> str:
    return page.url + page.reverse_subpage("calendar")


def fetch(client, page: WorkshopPage) -> Calendar:
    response = client.get(calendar_url(page))
    assert response.status_code == 200
    return parse(response.content)


# -- the file --------------------------------------------------------------------


def test_workshop_file_is_a_downloadable_calendar(client, make_workshop):
    page = make_workshop(slug="budget-briefing")
    response = client.get(calendar_url(page))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="budget-briefing.ics"'
    )


def test_workshop_file_declares_version_prodid_and_publish(client, make_workshop):
    calendar = fetch(client, make_workshop())
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == ical.PRODID
    assert calendar["METHOD"] == "PUBLISH"


def test_workshop_file_uid_is_the_records(client, make_workshop):
    page = make_workshop()
    event = only_event(fetch(client, page))
    assert str(event["UID"]) == f"workshop-{page.translation_key}@oss-portal"


def test_workshop_file_uid_is_the_same_in_every_translation(client, make_workshop):
    page = make_workshop(title="Returning to Peru")
    spanish = translate(page, "es", title="Volver a Perú")
    english_event = only_event(fetch(client, page))
    spanish_event = only_event(fetch(client, spanish))
    assert str(spanish_event["SUMMARY"]) == "Volver a Perú"
    assert spanish_event["UID"] == english_event["UID"]


def test_workshop_file_start_carries_the_venue_tzid(client, make_workshop):
    page = make_workshop(time_zone="America/Bogota")
    event = only_event(fetch(client, page))
    assert event["DTSTART"].params["TZID"] == "America/Bogota"
    assert event["DTEND"].params["TZID"] == "America/Bogota"


def test_workshop_file_has_a_vtimezone_for_its_tzid(client, make_workshop):
    page = make_workshop(time_zone="Europe/Lisbon")
    calendar = fetch(client, page)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Lisbon"]
    assert calendar.get_missing_tzids() == set()


def test_workshop_file_times_are_the_local_times_entered(client, make_workshop):
    page = make_workshop(time_zone="Europe/Rome")
    event = only_event(fetch(client, page))
    assert event.start.replace(tzinfo=None) == dt.datetime.combine(
        page.start_date, page.start_time
    )
    assert event.start == page.starts_at


def test_workshop_file_sequence_grows_after_moving_the_time(client, make_workshop):
    page = make_workshop()
    before = only_event(fetch(client, page))["SEQUENCE"]
    moved = republish(page, start_time=dt.time(7, 0), end_time=dt.time(9, 0))
    after = only_event(fetch(client, moved))
    assert after["SEQUENCE"] == before + 1
    assert after.start.time() == dt.time(7, 0)


def test_workshop_file_sequence_stays_after_editing_only_the_text(
    client, make_workshop
):
    page = make_workshop()
    edited = republish(page, listing_summary="Now with a summary.")
    assert only_event(fetch(client, edited))["SEQUENCE"] == 0


def test_workshop_file_is_confirmed_while_the_workshop_goes_ahead(
    client, make_workshop
):
    event = only_event(fetch(client, make_workshop()))
    assert event["STATUS"] == "CONFIRMED"


def test_workshop_file_is_cancelled_after_the_organiser_cancels(client, make_workshop):
    page = make_workshop()
    cancelled = republish(page, is_cancelled=True)
    event = only_event(fetch(client, cancelled))
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_workshop_file_has_no_organizer_or_attendee(client, make_workshop):
    response = client.get(calendar_url(make_workshop()))
    assert b"ORGANIZER" not in response.content
    assert b"ATTENDEE" not in response.content


def test_workshop_file_leaves_out_the_online_link(client, make_workshop):
    page = make_workshop(
        format=Format.ONLINE, online_url="https://meet.example.org/secret-room"
    )
    response = client.get(calendar_url(page))
    assert b"secret-room" not in response.content


def test_workshop_file_describes_summary_and_page_address(client, make_workshop):
    page = make_workshop(listing_summary="What returning involves.")
    event = only_event(fetch(client, page))
    assert "What returning involves." in event["DESCRIPTION"]
    assert str(event["URL"]) == page.full_url
    assert page.full_url in event["DESCRIPTION"]


def test_workshop_file_location_is_venue_address_and_city(client, make_workshop):
    page = make_workshop(venue="Civic Centre", address="Calle Mayor 1", city="Bilbao")
    event = only_event(fetch(client, page))
    assert event["LOCATION"] == "Civic Centre, Calle Mayor 1, Bilbao"


def test_workshop_file_location_of_an_online_workshop_is_online(client, make_workshop):
    page = make_workshop(format=Format.ONLINE, venue="", address="")
    assert only_event(fetch(client, page))["LOCATION"] == "Online"


def test_workshop_file_without_a_booking_record_is_not_found(client, make_workshop):
    page = make_workshop()
    record_of(page).delete()
    response = client.get(calendar_url(page))
    assert response.status_code == 404


# -- building blocks -------------------------------------------------------------


def test_calendar_for_adds_one_vtimezone_per_zone(make_workshop):
    pages = [
        make_workshop(time_zone="Europe/Madrid"),
        make_workshop(time_zone="Europe/Madrid"),
        make_workshop(time_zone="America/Lima"),
    ]
    events = [ical.workshop_event(record_of(page), page) for page in pages]
    calendar = parse(ical.calendar_for(events))
    assert sorted(tz.tz_name for tz in calendar.timezones) == [
        "America/Lima",
        "Europe/Madrid",
    ]


def test_calendar_for_names_a_feed(make_workshop):
    calendar = parse(ical.calendar_for([], name="Workshops in Bilbao"))
    assert calendar["X-WR-CALNAME"] == "Workshops in Bilbao"


def test_workshop_event_forced_cancelled_marks_the_summary(make_workshop):
    page = make_workshop(title="Starting a business")
    event = ical.workshop_event(record_of(page), page, status=ical.CANCELLED)
    assert event["STATUS"] == "CANCELLED"
    assert "Starting a business" in event["SUMMARY"]
    assert event["SUMMARY"] != "Starting a business"


@pytest.mark.parametrize("status", [ical.CONFIRMED, ical.CANCELLED])
def test_workshop_event_adds_the_online_link_only_when_confirmed(make_workshop, status):
    page = make_workshop(format=Format.ONLINE)
    event = ical.workshop_event(
        record_of(page), page, status=status, online_url="https://meet.example.org/r"
    )
    assert ("https://meet.example.org/r" in event["DESCRIPTION"]) == (
        status == ical.CONFIRMED
    )
