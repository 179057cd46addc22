"""The venue's time zone: one property (``tz``), one fallback (UTC), named as used."""

import zoneinfo

import pytest
from django.urls import reverse

from tests.workshop_fixtures import record_of
from workshops import services
from workshops.models import Workshop, WorkshopPage, venue_time_zone

pytestmark = pytest.mark.django_db

GONE = "Atlantis/Capital"  # a name no tz database has


def test_known_name_is_that_zone():
    assert venue_time_zone("America/Lima") == zoneinfo.ZoneInfo("America/Lima")


@pytest.mark.parametrize("name", [GONE, "", "../etc/passwd"])
def test_unknown_name_is_utc(name):
    assert venue_time_zone(name).key == "UTC"


@pytest.fixture
def lost_zone(make_workshop, booker):
    """A booked workshop whose zone name has left the tz database."""
    page = make_workshop(time_zone="America/Lima")
    booking = services.book_seats(page, booker)
    WorkshopPage.objects.filter(pk=page.pk).update(time_zone=GONE)
    Workshop.objects.filter(pk=record_of(page).pk).update(time_zone=GONE)
    return WorkshopPage.objects.get(pk=page.pk), booking


def test_record_and_page_share_the_fallback(lost_zone):
    page, _booking = lost_zone
    assert page.tz.key == record_of(page).tz.key == "UTC"


def test_every_screen_shows_the_fallback_under_its_name(
    lost_zone, client, coordinator, booker
):
    page, booking = lost_zone
    response = client.get(page.url)
    assert response.status_code == 200
    client.force_login(booker)
    mine = client.get(reverse("accounts:bookings")).content.decode()
    assert "(UTC)" in mine
    client.force_login(coordinator)
    attendees = client.get(
        reverse("workshops_admin:attendees", args=[booking.workshop_id])
    ).content.decode()
    assert "(UTC)" in attendees
    assert GONE not in attendees
    ics = client.get(page.url + page.reverse_subpage("calendar"))
    assert ics.status_code == 200


def test_saving_with_an_unknown_zone_raises_rather_than_shifting_times(lost_zone):
    page, _booking = lost_zone
    starts_at = page.starts_at
    with pytest.raises(zoneinfo.ZoneInfoNotFoundError):
        page.save()
    assert WorkshopPage.objects.get(pk=page.pk).starts_at == starts_at
