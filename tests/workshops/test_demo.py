"""The workshops demo content: the newsletter's past workshops and three upcoming."""

import datetime as dt
import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

import workshops.demo
from workshops import services
from workshops.models import (
    Booking,
    Notification,
    Workshop,
    WorkshopIndexPage,
    WorkshopPage,
)

pytestmark = pytest.mark.django_db

NEWSLETTER_WORKSHOPS = {
    ("Bilbao", dt.date(2016, 4, 15), "ACOBE"),
    ("Barcelona", dt.date(2016, 3, 22), "FEDELATINA"),
    ("Savona", dt.date(2016, 3, 5), "ICEI"),
    ("Lisbon", dt.date(2016, 3, 21), "ALCC"),
    ("Lisbon", dt.date(2016, 4, 4), "ALCC"),
    ("Madrid", dt.date(2016, 4, 27), "ACOBE"),
}


def upcoming():
    return WorkshopPage.objects.live().filter(
        starts_at__gt=dt.datetime.now(dt.UTC), locale__language_code="en"
    )


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "workshops": Workshop.objects.count(),
        "bookings": Booking.objects.count(),
        "users": get_user_model().objects.count(),
        "notifications": Notification.objects.count(),
    }


def test_demo_index_is_live_and_in_the_menu(client, workshop_index):
    assert workshop_index.live and workshop_index.show_in_menus
    html = client.get("/en/").content.decode()
    assert 'class="main-menu__link" href="/en/workshops/"' in html


def test_demo_has_the_newsletter_workshops(workshop_index):
    past = WorkshopPage.objects.child_of(workshop_index).filter(start_date__year=2016)
    assert {(p.city, p.start_date, p.partner.acronym) for p in past} == (
        NEWSLETTER_WORKSHOPS
    )


def test_demo_records_the_reported_attendance(workshop_index):
    reported = dict(
        WorkshopPage.objects.filter(locale__language_code="en")
        .exclude(reported_attendance=None)
        .values_list("city", "reported_attendance")
    )
    assert reported == {"Bilbao": 22, "Madrid": 21}


def test_demo_savona_is_in_italian_time(workshop_index):
    savona = WorkshopPage.objects.get(locale__language_code="en", city="Savona")
    assert savona.time_zone == "Europe/Rome"
    assert savona.local_start.hour == 15


def test_demo_upcoming_has_free_nearly_full_and_full(workshop_index):
    left = sorted(services.seats_left(page) for page in upcoming())
    assert left[0] == 0
    assert 0 < left[1] <= 2
    assert left[2] >= 10


def test_demo_full_workshop_has_a_waiting_list(workshop_index):
    full = WorkshopPage.objects.get(
        locale__language_code="en", slug="lisbon-going-back-to-brazil"
    )
    waiting = Booking.objects.filter(
        workshop__translation_key=full.translation_key,
        status=Booking.Status.WAITLISTED,
    )
    assert waiting.count() == 2


def test_demo_upcoming_times_are_local_to_the_venue(workshop_index):
    lisbon = WorkshopPage.objects.get(
        locale__language_code="en", slug="lisbon-going-back-to-brazil"
    )
    assert lisbon.time_zone == "Europe/Lisbon"
    assert (lisbon.local_start.hour, lisbon.local_start.minute) == (17, 30)


def test_demo_people_are_verified_and_cannot_log_in(workshop_index):
    people = get_user_model().objects.filter(email__endswith=".demo@example.org")
    assert people.count() == len(workshops.demo.PEOPLE)
    for person in people:
        assert not person.has_usable_password()
        assert EmailAddress.objects.filter(user=person, verified=True).exists()


def test_demo_people_are_sent_no_email(workshop_index):
    unsent = Notification.objects.filter(
        booking__user__email__endswith=".demo@example.org", sent_at=None
    )
    assert not unsent.exists()


def test_demo_loader_run_twice_changes_nothing(workshop_index):
    call_command("load_demo_content", stdout=io.StringIO())
    before = counts()
    call_command("load_demo_content", stdout=io.StringIO())
    assert counts() == before


def test_demo_loader_keeps_an_editors_changes(workshop_index):
    page = WorkshopPage.objects.get(
        locale__language_code="en", slug="lisbon-cnai-meeting-2016"
    )
    page.title = "Renamed by an editor"
    page.save_revision().publish()
    workshops.demo.load()
    page.refresh_from_db()
    assert page.title == "Renamed by an editor"


def test_demo_loader_rebuilds_a_deleted_section(workshop_index):
    before = WorkshopPage.objects.filter(locale=workshop_index.locale).count()
    for translation in workshop_index.get_translations(inclusive=True):
        translation.delete()
    assert not WorkshopIndexPage.objects.exists()
    index = workshops.demo.load()
    assert WorkshopPage.objects.child_of(index).count() == before
    assert get_user_model().objects.filter(
        email__endswith=".demo@example.org"
    ).count() == len(workshops.demo.PEOPLE)
