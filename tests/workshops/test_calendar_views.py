"""Calendar feeds (public and personal) and the "add to calendar" links."""

import datetime as dt
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from icalendar import Calendar
from wagtail.models import Locale

from tests.workshop_fixtures import record_of, republish
from workshops import services
from workshops.calendar_links import (
    google_calendar_url,
    outlook_calendar_url,
    personal_feed_url,
)
from workshops.models import Audience, Format, WorkshopPage

CITY = "Testville"


def feed_url(index, **params) -> str:
    url = index.url + index.reverse_subpage("calendar")
    return f"{url}?{urlencode(params)}" if params else url


def summaries(response) -> list[str]:
    assert response.status_code == 200, response.content[:200]
    calendar = Calendar.from_ical(response.content)
    return [str(event["SUMMARY"]) for event in calendar.events]


def move_to(page: WorkshopPage, days_from_today: int) -> WorkshopPage:
    """Publish ``page`` at the same hours ``days_from_today`` days from today."""
    day = dt.date.today() + dt.timedelta(days=days_from_today)
    # Keep the length in days: a workshop may run past midnight.
    span = (page.end_date or page.start_date) - page.start_date
    return republish(page, start_date=day, end_date=day + span if span else None)


# -- the public feed -------------------------------------------------------------


def test_index_feed_lists_upcoming_workshops(client, workshop_index, make_workshop):
    make_workshop(title="Soon", city=CITY)
    make_workshop(title="Later", city=CITY, starts_in=dt.timedelta(days=30))
    response = client.get(feed_url(workshop_index, city=CITY))
    assert summaries(response) == ["Soon", "Later"]


def test_index_feed_leaves_out_ended_workshops(client, workshop_index, make_workshop):
    make_workshop(title="Over", city=CITY, starts_in=dt.timedelta(days=-3))
    make_workshop(title="Ahead", city=CITY)
    assert summaries(client.get(feed_url(workshop_index, city=CITY))) == ["Ahead"]


def test_index_feed_leaves_out_unpublished_workshops(
    client, workshop_index, make_workshop
):
    make_workshop(title="Draft", city=CITY, publish=False)
    assert summaries(client.get(feed_url(workshop_index, city=CITY))) == []


def test_index_feed_city_filter_ignores_case(client, workshop_index, make_workshop):
    make_workshop(title="Here", city=CITY)
    make_workshop(title="Elsewhere", city="Othertown")
    response = client.get(feed_url(workshop_index, city=CITY.upper()))
    assert summaries(response) == ["Here"]


def test_index_feed_audience_filter_keeps_that_audience(
    client, workshop_index, make_workshop
):
    make_workshop(title="Pros", city=CITY, audience=Audience.PROFESSIONALS)
    make_workshop(title="Returnees", city=CITY, audience=Audience.RETURNEES)
    make_workshop(title="All", city=CITY, audience=Audience.EVERYONE)
    response = client.get(
        feed_url(workshop_index, city=CITY, audience=Audience.PROFESSIONALS)
    )
    assert sorted(summaries(response)) == ["All", "Pros"]


def test_index_feed_unknown_audience_is_a_clear_400(client, workshop_index):
    response = client.get(feed_url(workshop_index, audience="aliens"))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert b"professionals" in response.content


@pytest.mark.parametrize("city", ["x" * 101, "Bil\x00bao", "Bil\x1bbao"])
def test_index_feed_malformed_city_is_a_400(client, workshop_index, city):
    response = client.get(feed_url(workshop_index, city=city))
    assert response.status_code == 400


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(city=st.text(max_size=150), audience=st.text(max_size=30))
def test_index_feed_any_query_is_answered_without_error(
    client, workshop_index, city, audience
):
    response = client.get(feed_url(workshop_index, city=city, audience=audience))
    assert response.status_code in (200, 400)


def test_index_feed_city_without_workshops_is_an_empty_calendar(client, workshop_index):
    response = client.get(feed_url(workshop_index, city="Nowhere"))
    assert summaries(response) == []


def test_index_feed_is_named(client, workshop_index):
    response = client.get(feed_url(workshop_index, city=CITY))
    calendar = Calendar.from_ical(response.content)
    assert CITY in calendar["X-WR-CALNAME"]
    assert calendar["METHOD"] == "PUBLISH"


def test_index_feed_shows_cancelled_workshops_as_cancelled(
    client, workshop_index, make_workshop
):
    page = make_workshop(city=CITY)
    republish(page, is_cancelled=True)
    response = client.get(feed_url(workshop_index, city=CITY))
    (event,) = Calendar.from_ical(response.content).events
    assert event["STATUS"] == "CANCELLED"


def test_index_feed_has_no_private_data(client, workshop_index, make_workshop, booker):
    page = make_workshop(
        city=CITY,
        format=Format.ONLINE,
        online_url="https://meet.example.org/secret-room",
    )
    services.book_seats(page, booker)
    response = client.get(feed_url(workshop_index, city=CITY))
    assert b"secret-room" not in response.content
    assert booker.email.encode() not in response.content
    assert b"ORGANIZER" not in response.content
    assert b"ATTENDEE" not in response.content


def test_index_feed_uses_the_requests_language(client, workshop_index, make_workshop):
    page = make_workshop(title="Returning to Peru", city=CITY)
    make_workshop(title="Only in English", city=CITY, starts_in=dt.timedelta(days=20))
    spanish = page.copy_for_translation(
        Locale.objects.get(language_code="es"), copy_parents=True
    )
    spanish.title = "Volver a Perú"
    spanish.save_revision().publish()
    spanish_index = workshop_index.get_translation(
        Locale.objects.get(language_code="es")
    )
    response = client.get(feed_url(spanish_index, city=CITY))
    assert summaries(response) == ["Volver a Perú", "Only in English"]


@pytest.mark.parametrize("count", [1, 5])
def test_index_feed_queries_do_not_grow_with_workshops(
    client, workshop_index, make_workshop, django_assert_num_queries, count
):
    for _ in range(count):
        make_workshop(city=CITY)
    client.get(feed_url(workshop_index, city=CITY))  # warm the site's caches
    # 7 to find and serve the index page, 3 for the feed (the index's
    # translations, the pages, the records).
    with django_assert_num_queries(10):
        response = client.get(feed_url(workshop_index, city=CITY))
    assert len(summaries(response)) == count


# -- the personal feed -----------------------------------------------------------


def personal(client, user):
    return client.get(f"/calendar/{user.calendar_token}/bookings.ics")


def test_personal_feed_lists_own_confirmed_bookings(client, make_workshop, make_user):
    user = make_user()
    services.book_seats(make_workshop(title="Mine"), user)
    services.book_seats(make_workshop(title="Not mine"), make_user())
    assert summaries(personal(client, user)) == ["Mine"]


def test_personal_feed_leaves_out_waiting_bookings(client, make_workshop, make_user):
    page = make_workshop(capacity=1)
    services.book_seats(page, make_user())
    waiting = make_user()
    services.book_seats(page, waiting)
    assert summaries(personal(client, waiting)) == []


def test_personal_feed_leaves_out_bookings_the_user_cancelled(
    client, make_workshop, make_user
):
    user = make_user()
    booking = services.book_seats(make_workshop(), user)
    services.cancel_booking(booking, by=user)
    assert summaries(personal(client, user)) == []


def test_personal_feed_marks_organiser_cancelled_workshops(
    client, make_workshop, make_user
):
    user = make_user()
    page = make_workshop()
    services.book_seats(page, user)
    republish(page, is_cancelled=True)
    (event,) = Calendar.from_ical(personal(client, user).content).events
    assert event["STATUS"] == "CANCELLED"


def test_personal_feed_gives_the_online_link_to_the_participant(
    client, make_workshop, make_user
):
    user = make_user()
    page = make_workshop(
        format=Format.ONLINE, online_url="https://meet.example.org/room-7"
    )
    services.book_seats(page, user)
    (event,) = Calendar.from_ical(personal(client, user).content).events
    assert "https://meet.example.org/room-7" in event["DESCRIPTION"]


def test_personal_feed_keeps_workshops_of_the_last_90_days(
    client, make_workshop, make_user
):
    user = make_user()
    recent = make_workshop(title="Recent")
    services.book_seats(recent, user)
    move_to(recent, -10)
    assert summaries(personal(client, user)) == ["Recent"]


def test_personal_feed_drops_workshops_older_than_90_days(
    client, make_workshop, make_user
):
    user = make_user()
    old = make_workshop(title="Old")
    services.book_seats(old, user)
    move_to(old, -100)
    assert summaries(personal(client, user)) == []


def test_personal_feed_follows_the_users_language(client, make_workshop, make_user):
    user = make_user(preferred_language="es")
    page = make_workshop(title="Returning to Peru")
    spanish = page.copy_for_translation(
        Locale.objects.get(language_code="es"), copy_parents=True
    )
    spanish.title = "Volver a Perú"
    spanish.save_revision().publish()
    services.book_seats(page, user)
    assert summaries(personal(client, user)) == ["Volver a Perú"]


def test_personal_feed_is_private_and_not_indexed(client, make_user):
    response = personal(client, make_user())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.parametrize(
    "token",
    [
        "not-a-real-token-at-all-0000000000000000000",
        "short",
        "x" * 200,
        "%00%01",
        "abc.def",
    ],
)
def test_personal_feed_with_an_unknown_token_is_404(client, make_user, token):
    make_user()
    response = client.get(f"/calendar/{token}/bookings.ics")
    assert response.status_code == 404
    assert "noindex" in response["X-Robots-Tag"]


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(token=st.text(min_size=1, max_size=120))
def test_personal_feed_any_unknown_token_is_404(client, db, token):
    response = client.get(f"/calendar/{quote(token, safe='')}/bookings.ics")
    assert response.status_code == 404


def test_personal_feed_with_a_tampered_token_is_404(client, make_user):
    token = make_user().calendar_token
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/calendar/{tampered}/bookings.ics").status_code == 404


def test_personal_feed_with_a_revoked_token_is_404(client, make_user):
    user = make_user()
    old = user.calendar_token
    user.revoke_calendar_token()
    assert client.get(f"/calendar/{old}/bookings.ics").status_code == 404
    assert personal(client, user).status_code == 200


def test_personal_feed_of_a_deactivated_user_is_404(client, make_user):
    user = make_user(is_active=False)
    assert personal(client, user).status_code == 404


@pytest.mark.parametrize("count", [1, 5])
def test_personal_feed_queries_do_not_grow_with_bookings(
    client, make_workshop, make_user, django_assert_num_queries, count
):
    user = make_user()
    for _ in range(count):
        services.book_seats(make_workshop(), user)
    personal(client, user)  # warm the site's caches
    with django_assert_num_queries(3):
        response = personal(client, user)
    assert len(summaries(response)) == count


def test_personal_feed_url_is_absolute_and_secret(make_user, settings):
    settings.SITE_URL = "https://portal.example.org"
    user = make_user()
    assert personal_feed_url(user) == (
        f"https://portal.example.org/calendar/{user.calendar_token}/bookings.ics"
    )
    assert personal_feed_url(user, webcal=True).startswith(
        "webcal://portal.example.org/calendar/"
    )


# -- "add to calendar" links -----------------------------------------------------


def test_google_link_carries_utc_dates_and_the_zone(make_workshop):
    page = make_workshop(title="Bilbao briefing", time_zone="Europe/Madrid")
    record = record_of(page)
    query = parse_qs(urlsplit(google_calendar_url(record, page)).query)
    start = record.starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    end = record.ends_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert query["dates"] == [f"{start}/{end}"]
    assert query["ctz"] == ["Europe/Madrid"]
    assert query["text"] == ["Bilbao briefing"]
    assert query["action"] == ["TEMPLATE"]


def test_outlook_link_carries_iso_utc_times(make_workshop):
    page = make_workshop(title="Lisbon briefing")
    record = record_of(page)
    url = outlook_calendar_url(record, page)
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("https://outlook.live.com/calendar/0/deeplink/compose?")
    assert query["startdt"] == [
        record.starts_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    ]
    assert query["subject"] == ["Lisbon briefing"]
    assert query["rru"] == ["addevent"]


def test_calendar_links_leave_out_the_online_link(make_workshop):
    page = make_workshop(
        format=Format.ONLINE, online_url="https://meet.example.org/secret-room"
    )
    record = record_of(page)
    assert "secret-room" not in google_calendar_url(record, page)
    assert "secret-room" not in outlook_calendar_url(record, page)


def render_links(page) -> str:
    request = RequestFactory().get("/")
    template = Template("{% load calendar_tags %}{% calendar_links page %}")
    return template.render(Context({"page": page, "request": request}))


def test_calendar_links_render_for_a_published_workshop(make_workshop):
    page = make_workshop()
    html = render_links(page)
    assert page.url + page.reverse_subpage("calendar") in html
    assert "https://calendar.google.com/calendar/render?" in html
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in html


def test_calendar_links_render_nothing_for_an_unpublished_workshop(make_workshop):
    page = make_workshop(publish=False)
    assert render_links(page).strip() == ""


def test_calendar_links_render_nothing_for_a_cancelled_workshop(make_workshop):
    page = republish(make_workshop(), is_cancelled=True)
    assert render_links(page).strip() == ""


def test_calendar_links_render_nothing_for_an_ended_workshop(make_workshop):
    page = make_workshop(starts_in=dt.timedelta(days=-2))
    assert render_links(page).strip() == ""


def test_workshop_page_with_calendar_links_is_valid_html(
    client, make_workshop, tmp_path
):
    from tests.html_validation import assert_pages_are_valid_html

    page = make_workshop()
    response = client.get(page.url)
    assert b"calendar-links" in response.content
    assert_pages_are_valid_html(client, {"workshop": page.url}, tmp_path)
