"""The programme in figures: each figure's rule, the cache, the page and block."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from impact import services
from impact.models import FiguresPage
from mailinglist.models import Subscriber
from stories.models import SuccessStoryPage
from tests.impact.broken_cache import BrokenCache
from tests.workshop_fixtures import record_of
from workshops.records import Audience, Booking

PAST = -dt.timedelta(days=400)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def totals():
    return services.compute_figures().total


def checked_in(page, seats, n=1):
    Booking.objects.bulk_create(
        Booking(workshop=record_of(page), seats=seats, attended_seats=seats)
        for _ in range(n)
    )


def test_a_workshop_held_counts_with_its_checked_in_people(make_workshop):
    before = totals()
    page = make_workshop(starts_in=PAST, city="Zaragoza", audience=Audience.EVERYONE)
    checked_in(page, seats=2, n=3)
    Booking.objects.create(workshop=record_of(page), seats=5)  # not checked in
    after = totals()
    assert after.workshops == before.workshops + 1
    assert after.attended == before.attended + 6
    assert after.professionals == before.professionals
    assert after.cities == before.cities + 1


def test_professionals_trained_are_the_attendance_at_workshops_for_them(
    make_workshop,
):
    before = totals()
    page = make_workshop(starts_in=PAST, audience=Audience.PROFESSIONALS)
    checked_in(page, seats=1, n=4)
    assert totals().professionals == before.professionals + 4


def test_cancelled_and_future_workshops_do_not_count(make_workshop):
    before = totals()
    cancelled = make_workshop(starts_in=PAST, city="Zaragoza")
    record = record_of(cancelled)
    record.is_cancelled = True
    record.save()
    checked_in(cancelled, seats=3)
    future = make_workshop(city="Teruel")
    checked_in(future, seats=3)
    after = totals()
    assert (after.workshops, after.attended, after.cities) == (
        before.workshops,
        before.attended,
        before.cities,
    )


def test_the_reported_attendance_counts_when_no_figure_was_recorded_here(
    make_workshop,
):
    before = totals()
    make_workshop(starts_in=PAST, reported_attendance=17)
    assert totals().attended == before.attended + 17


def test_the_workshop_is_counted_in_the_year_it_started(make_workshop):
    page = make_workshop(starts_in=PAST, reported_attendance=9)
    year = record_of(page).starts_at.year
    before = {y.year: y.attended for y in services.compute_figures().years}
    assert before[year] >= 9


def test_the_demo_reports_the_seed_figures(demo_content):
    """22 professionals at the Bilbao workshop, 21 in Madrid."""
    figures = services.compute_figures()
    assert figures.total.professionals >= 43
    assert figures.total.workshops >= 2


def test_a_story_counts_once_whatever_its_languages(home_page):
    before = totals().stories
    story = SuccessStoryPage.objects.live().filter(locale=home_page.locale).first()
    es = Locale.objects.get(language_code="es")
    story.get_translations().filter(locale=es).delete()
    translation = story.copy_for_translation(es, copy_parents=True)
    translation.save_revision().publish()
    assert totals().stories == before
    story.unpublish()
    # Still published in Spanish: still counted.
    assert totals().stories == before


def test_subscribers_count_confirmed_addresses_once(db):
    figures = services.compute_figures()
    now = timezone.now()
    Subscriber.objects.create(
        email="ana@example.org", status=Subscriber.Status.CONFIRMED, confirmed_at=now
    )
    Subscriber.objects.create(email="luis@example.org")  # not confirmed
    after = services.compute_figures()
    assert after.subscribers == figures.subscribers + 1
    this_year = {y.year: y.subscribers for y in after.years}[now.year]
    was = {y.year: y.subscribers for y in figures.years}.get(now.year, 0)
    assert this_year == was + 1


def test_countries_reached_are_the_countries_with_a_published_page(demo_content):
    from countries.models import CountryPage

    countries = set(
        CountryPage.objects.live()
        .exclude(country=None)
        .values_list("country", flat=True)
    )
    assert services.compute_figures().countries == len(countries) > 0


def queries_of(action) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def test_the_figures_take_the_same_number_of_queries_with_5_and_500_bookings(
    make_workshop,
):
    pages = [make_workshop(starts_in=PAST) for _ in range(2)]
    for page in pages:
        checked_in(page, seats=1, n=5)
    with_5 = queries_of(services.compute_figures)
    for page in pages:
        checked_in(page, seats=1, n=495)
    assert services.compute_figures().total.attended >= 1000
    assert queries_of(services.compute_figures) == with_5 <= 8


def test_the_page_takes_the_same_number_of_queries_with_5_and_500_bookings(
    client, make_workshop
):
    page = make_workshop(starts_in=PAST)
    checked_in(page, seats=1, n=5)
    url = FiguresPage.objects.get(locale__language_code="en").url
    client.get(url)  # warm up what every page caches

    def render():
        cache.delete(services.CACHE_KEY)
        assert client.get(url).status_code == 200

    with_5 = queries_of(render)
    checked_in(page, seats=1, n=495)
    assert queries_of(render) == with_5


def test_a_cached_figure_costs_no_query(make_workshop, django_assert_num_queries):
    services.programme_figures()
    with django_assert_num_queries(0):
        services.programme_figures()


def test_a_check_in_forgets_the_cached_figures(make_workshop):
    page = make_workshop(starts_in=PAST)
    booking = Booking.objects.create(workshop=record_of(page), seats=3)
    before = services.programme_figures().total.attended
    booking.attended_seats = 2  # two of the three came
    booking.save()
    assert services.programme_figures().total.attended == before + 2


def test_publishing_a_workshop_forgets_the_cached_figures(make_workshop):
    before = services.programme_figures().total.workshops
    make_workshop(starts_in=PAST)
    assert services.programme_figures().total.workshops == before + 1


def test_a_broken_cache_still_shows_the_page(client, demo_content, monkeypatch):
    """The figures' cache failing costs a computation, never an error (Wagtail's
    own site cache has the failover of ``portal.cache``, so only ours breaks)."""
    page = FiguresPage.objects.get(locale__language_code="en")
    monkeypatch.setattr(services, "cache", BrokenCache())
    figures = services.programme_figures()
    services.forget_figures()
    response = client.get(page.url)
    assert figures.total.workshops > 0
    assert response.status_code == 200
    assert b"<table" in response.content


def test_the_page_in_spanish_has_translated_headings_and_number_format(
    client, make_workshop
):
    make_workshop(starts_in=PAST, reported_attendance=1234)
    page = FiguresPage.objects.get(locale__language_code="es")
    html = client.get(page.url).content.decode()
    assert "Lo que contamos" in html
    attended = services.compute_figures().total.attended
    assert attended > 1234
    # Grouped the Spanish way (a non-breaking space), not the English one.
    assert f"{attended:,}".replace(",", "\N{NO-BREAK SPACE}") in html
    assert f"{attended:,}" not in html
    assert "<caption" in html and 'scope="row"' in html and 'scope="col"' in html
    assert 'role="img"' in html


def test_the_home_page_block_shows_the_totals(client, demo_content):
    html = client.get("/en/").content.decode()
    assert "figures-totals" in html
    assert "Professionals trained" in html
    assert FiguresPage.objects.get(locale__language_code="en").url in html
