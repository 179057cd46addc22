"""The workshop index, its archive and the workshop page, as the public sees them."""

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import Partner
from workshops import services
from workshops.models import Audience, Format

pytestmark = pytest.mark.django_db

INDEX = "/en/workshops/"
ARCHIVE = "/en/workshops/past/"
INDEX_QUERY_BUDGET = 30
ARCHIVE_QUERY_BUDGET = 30

_CARD_TITLE = re.compile(r'class="card__link" href="[^"]*"[^>]*>([^<]*)</a>')
_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def card_titles(response) -> list[str]:
    return _CARD_TITLE.findall(response.content.decode())


def card_of(response, title: str) -> str:
    """The HTML of the card whose title is ``title``."""
    html = response.content.decode()
    start = html.index(f">{title}</a>")
    return html[html.rfind("<article", 0, start) : html.index("</article>", start)]


def json_ld(response) -> dict:
    match = _JSON_LD.search(response.content.decode())
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


# -- the upcoming list ------------------------------------------------------


def test_index_lists_upcoming_workshops_soonest_first(client, make_workshop):
    later = make_workshop(title="Later one", starts_in=dt.timedelta(days=40))
    sooner = make_workshop(title="Sooner one", starts_in=dt.timedelta(days=2))
    titles = card_titles(client.get(INDEX))
    assert titles.index(sooner.title) < titles.index(later.title)


def test_index_leaves_out_ended_workshops(client, make_workshop):
    make_workshop(title="Already over", starts_in=dt.timedelta(days=-3))
    assert "Already over" not in card_titles(client.get(INDEX))


def test_index_keeps_a_workshop_in_progress(client, make_workshop):
    make_workshop(
        title="Happening now",
        starts_in=dt.timedelta(hours=-1),
        duration=dt.timedelta(hours=3),
    )
    assert "Happening now" in card_titles(client.get(INDEX))


def test_index_leaves_out_unpublished_workshops(client, make_workshop):
    make_workshop(title="Still a draft", publish=False)
    assert "Still a draft" not in card_titles(client.get(INDEX))


def test_index_filter_by_city_ignores_case(client, make_workshop):
    make_workshop(title="In Valencia", city="Valencia")
    make_workshop(title="In Porto", city="Porto", time_zone="Europe/Lisbon")
    titles = card_titles(client.get(INDEX, {"city": "valencia"}))
    assert titles == ["In Valencia"]


def test_index_filter_by_audience(client, make_workshop):
    make_workshop(title="For professionals", audience=Audience.PROFESSIONALS)
    make_workshop(title="For returnees", audience=Audience.RETURNEES)
    titles = card_titles(client.get(INDEX, {"audience": "returnees"}))
    assert "For returnees" in titles
    assert "For professionals" not in titles
    assert len(titles) >= 1


def test_index_filter_by_audience_keeps_workshops_open_to_everyone(
    client, make_workshop
):
    make_workshop(title="Open to all", audience=Audience.EVERYONE)
    make_workshop(title="For returnees", audience=Audience.RETURNEES)
    titles = card_titles(client.get(INDEX, {"audience": "professionals"}))
    assert "Open to all" in titles
    assert "For returnees" not in titles


def test_index_filter_by_month_uses_the_local_start_date(client, make_workshop):
    page = make_workshop(title="Far ahead", starts_in=dt.timedelta(days=300))
    month = page.start_date.strftime("%Y-%m")
    assert card_titles(client.get(INDEX, {"month": month})) == ["Far ahead"]


def test_index_filters_combine(client, make_workshop):
    make_workshop(
        title="Valencia professionals", city="Valencia", audience="professionals"
    )
    make_workshop(title="Valencia returnees", city="Valencia", audience="returnees")
    make_workshop(title="Porto professionals", city="Porto", audience="professionals")
    titles = card_titles(
        client.get(INDEX, {"city": "Valencia", "audience": "professionals"})
    )
    assert titles == ["Valencia professionals"]


def test_index_shows_the_active_filters(client, make_workshop):
    make_workshop(city="Valencia", audience="professionals")
    response = client.get(INDEX, {"city": "Valencia", "audience": "professionals"})
    assert "City: Valencia" in response.content.decode()
    assert "Audience: Professionals" in response.content.decode()
    assert '<option value="Valencia" selected>' in response.content.decode()


def test_index_with_no_match_says_so(client, make_workshop):
    make_workshop(city="Valencia", audience="professionals")
    response = client.get(
        INDEX, {"city": "Valencia", "audience": "returnees", "month": "2026-12"}
    )
    assert response.status_code == 200
    assert card_titles(response) == []
    assert "No upcoming workshop matches these filters." in response.content.decode()


def test_index_unknown_city_is_left_out_with_a_message(client, make_workshop):
    make_workshop(title="In Valencia", city="Valencia")
    response = client.get(INDEX, {"city": "Atlantis"})
    assert response.status_code == 200
    assert "In Valencia" in card_titles(response)
    assert "There is no upcoming workshop in “Atlantis”" in response.content.decode()


def test_index_unknown_audience_is_left_out_with_a_message(client, make_workshop):
    make_workshop(title="Any audience")
    response = client.get(INDEX, {"audience": "aliens"})
    assert "Any audience" in card_titles(response)
    assert "“aliens” is not an audience we know" in response.content.decode()


@pytest.mark.parametrize("month", ["2026-13", "December", "2026-00", "99999-01"])
def test_index_month_not_understood_is_left_out_with_a_message(
    client, make_workshop, month
):
    make_workshop(title="Any month")
    response = client.get(INDEX, {"month": month})
    assert response.status_code == 200
    assert "Any month" in card_titles(response)
    assert "is not a month we understand" in response.content.decode()


def test_index_card_shows_the_local_time_and_its_zone(client, make_workshop):
    # 10:00 in São Paulo, so that the two hours never cross midnight.
    now = timezone.now()
    ten = (now + dt.timedelta(days=14)).astimezone(ZoneInfo("America/Sao_Paulo"))
    ten = ten.replace(hour=10, minute=0, second=0, microsecond=0)
    page = make_workshop(
        title="In São Paulo", time_zone="America/Sao_Paulo", starts_in=ten - now
    )
    start, end = page.local_start, page.local_end
    card = card_of(client.get(INDEX), "In São Paulo")
    expected = f'{start:%-d %B %Y, %H:%M}</time>–<time datetime="{end.isoformat()}">{end:%H:%M}</time>'
    assert expected in card
    assert "(America/Sao_Paulo)" in card


def test_index_card_shows_city_format_audience_and_languages(client, make_workshop):
    make_workshop(
        title="Facts",
        city="Valencia",
        format=Format.ONLINE,
        audience=Audience.RETURNEES,
        languages=["es", "pt"],
    )
    card = card_of(client.get(INDEX), "Facts")
    for text in ["Valencia", "Online", "People thinking of returning"]:
        assert text in card
    assert "Spanish, Portuguese" in card


def test_index_card_counts_seats_left(client, make_workshop, make_user):
    page = make_workshop(title="Some seats", capacity=5)
    services.book_seats(page, make_user(), 2, ["A B", "C D"])
    assert "3 seats left" in card_of(client.get(INDEX), "Some seats")


def test_index_card_says_full_with_a_waiting_list(client, make_workshop, make_user):
    page = make_workshop(title="No seats", capacity=1)
    services.book_seats(page, make_user())
    assert "Full: you can join the waiting list" in card_of(
        client.get(INDEX), "No seats"
    )


def test_index_card_says_cancelled(client, make_workshop):
    make_workshop(title="Called off", is_cancelled=True)
    assert "Cancelled" in card_of(client.get(INDEX), "Called off")


def test_index_card_says_when_registration_opens(client, make_workshop):
    make_workshop(
        title="Not yet",
        registration_opens_at=dt.datetime(2030, 1, 10, 8, 0, tzinfo=dt.UTC),
        starts_in=dt.timedelta(days=2000),
    )
    card = card_of(client.get(INDEX), "Not yet")
    assert "Registration opens 10 January 2030, 09:00 (Europe/Madrid)" in card


def test_index_card_says_registration_closed(client, make_workshop):
    make_workshop(
        title="Too late",
        registration_closes_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    assert "Registration closed" in card_of(client.get(INDEX), "Too late")


def test_index_links_the_calendar_feed_with_the_filters(
    client, make_workshop, workshop_index
):
    make_workshop(city="Valencia")
    html = client.get(
        INDEX, {"city": "Valencia", "audience": "professionals", "month": "2030-01"}
    ).content.decode()
    feed = INDEX + workshop_index.reverse_subpage("calendar")
    assert f'href="{feed}?city=Valencia&amp;audience=professionals"' in html


def test_index_links_the_archive(client, workshop_index):
    assert f'href="{ARCHIVE}"' in client.get(INDEX).content.decode()


def test_index_page_past_the_end_is_not_found(client, workshop_index):
    assert client.get(INDEX, {"page": "99"}).status_code == 404


def count_queries(client, url: str, params=None) -> int:
    client.get(url, params)  # warm up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def add_workshops(make_workshop, make_user, count: int, past: bool = False) -> None:
    for i in range(count):
        page = make_workshop(
            title=f"Extra {i}",
            city=["Valencia", "Porto", "Bilbao"][i % 3],
            languages=["es", "pt"],
            starts_in=dt.timedelta(days=(-30 - i) if past else (5 + i)),
            capacity=3,
            is_cancelled=(i % 4 == 3),
        )
        if not past and i % 4 != 3:
            services.book_seats(page, make_user(), 1)


@pytest.mark.parametrize("params", [None, {"city": "Valencia"}, {"month": "2027-01"}])
def test_index_queries_do_not_grow_with_more_workshops(
    client, make_workshop, make_user, params
):
    add_workshops(make_workshop, make_user, 2)
    few = count_queries(client, INDEX, params)
    add_workshops(make_workshop, make_user, 14)
    many = count_queries(client, INDEX, params)
    assert many == few
    assert many <= INDEX_QUERY_BUDGET


def test_index_queries_for_a_logged_in_visitor_do_not_grow(
    client, make_workshop, make_user, booker
):
    client.force_login(booker)
    add_workshops(make_workshop, make_user, 2)
    few = count_queries(client, INDEX)
    add_workshops(make_workshop, make_user, 14)
    assert count_queries(client, INDEX) == few


# -- the archive ------------------------------------------------------------


def test_archive_lists_ended_workshops_newest_first(client, make_workshop):
    make_workshop(title="Long ago", starts_in=dt.timedelta(days=-300))
    make_workshop(title="Last week", starts_in=dt.timedelta(days=-7))
    make_workshop(title="Next week", starts_in=dt.timedelta(days=7))
    titles = card_titles(client.get(ARCHIVE))
    assert titles.index("Last week") < titles.index("Long ago")
    assert "Next week" not in titles


def test_archive_shows_the_reported_attendance(client, make_workshop):
    make_workshop(
        title="Reported", starts_in=dt.timedelta(days=-2), reported_attendance=17
    )
    assert "17 people attended" in card_of(client.get(ARCHIVE), "Reported")


def test_archive_counts_checked_in_seats(client, coordinator, time_machine_workshop):
    page, bookings = time_machine_workshop
    services.check_in(bookings[0], [0, 2], by=coordinator)  # 2 of 3 seats
    services.check_in(bookings[1], [0], by=coordinator)  # 1 seat
    card = card_of(client.get(ARCHIVE), page.title)
    assert "3 people attended" in card


def test_archive_prefers_the_reported_attendance(
    client, coordinator, time_machine_workshop
):
    page, bookings = time_machine_workshop
    services.check_in(bookings[0], [0], by=coordinator)
    page.reported_attendance = 40
    page.save_revision().publish()
    assert "40 people attended" in card_of(client.get(ARCHIVE), page.title)


def test_archive_without_attendance_says_not_recorded(client, make_workshop):
    make_workshop(title="Unknown turnout", starts_in=dt.timedelta(days=-2))
    card = card_of(client.get(ARCHIVE), "Unknown turnout")
    assert "Attendance not recorded" in card


def test_archive_shows_the_demo_workshops_of_2016(client, workshop_index):
    html = client.get(ARCHIVE).content.decode()
    assert "22 people attended" in html
    assert "21 people attended" in html


def test_archive_queries_do_not_grow_with_more_workshops(
    client, make_workshop, make_user
):
    add_workshops(make_workshop, make_user, 2, past=True)
    few = count_queries(client, ARCHIVE)
    add_workshops(make_workshop, make_user, 14, past=True)
    many = count_queries(client, ARCHIVE)
    assert many == few
    assert many <= ARCHIVE_QUERY_BUDGET


@pytest.fixture
def time_machine_workshop(make_workshop, make_user):
    """A workshop that has ended, with two confirmed bookings (3 seats and 1).

    Booked while it was upcoming, then moved into the past by its editor.
    """
    page = make_workshop(title="Checked in", capacity=10)
    bookings = [
        services.book_seats(page, make_user(), 3, ["A", "B", "C"]),
        services.book_seats(page, make_user(), 1),
        services.book_seats(page, make_user(), 2, ["D", "E"]),
    ]
    page.start_date = dt.date(2024, 5, 1)
    page.start_time, page.end_time = dt.time(10, 0), dt.time(12, 0)
    page.end_date = None
    page.save_revision().publish()
    page.refresh_from_db()
    return page, bookings


# -- the workshop page ------------------------------------------------------


def test_page_shows_when_in_the_venue_time_zone(client, make_workshop):
    page = make_workshop(time_zone="America/Sao_Paulo")
    html = client.get(page.url).content.decode()
    assert f"{page.local_start:%-d %B %Y, %H:%M}</time>" in html
    assert "(America/Sao_Paulo)" in html


def test_page_shows_where_in_person(client, make_workshop):
    page = make_workshop(venue="Casa de la Cultura", address="Calle Mayor 1")
    html = client.get(page.url).content.decode()
    assert "Casa de la Cultura" in html
    assert "Calle Mayor 1" in html


def test_page_online_says_the_link_is_sent_and_hides_it(client, make_workshop, booker):
    page = make_workshop(
        format=Format.ONLINE,
        online_url="https://meet.example.org/very-secret-room",
        venue="",
    )
    services.book_seats(page, booker)
    client.force_login(booker)
    html = client.get(page.url).content.decode()
    assert "Online — the link is sent to confirmed participants" in html
    assert "very-secret-room" not in html


def test_page_online_link_never_in_public_pages(client, workshop_index):
    pages = [
        INDEX,
        ARCHIVE,
        "/en/workshops/online-planning-your-return/",
        "/es/workshops/online-planning-your-return/",
    ]
    for url in pages:
        assert "meet.example.org" not in client.get(url).content.decode(), url


def test_page_names_the_organising_partner(client, make_workshop):
    partner = Partner.objects.get(acronym="ICEI", locale__language_code="en")
    page = make_workshop(partner=partner)
    assert partner.name in client.get(page.url).content.decode()


def test_page_shows_the_cancelled_banner(client, make_workshop):
    page = make_workshop(is_cancelled=True)
    html = client.get(page.url).content.decode()
    assert "This workshop has been cancelled by the organiser." in html
    assert "can no longer be booked" in html


def test_page_shows_seats_left_and_capacity(client, make_workshop, make_user):
    page = make_workshop(capacity=4)
    services.book_seats(page, make_user())
    html = client.get(page.url).content.decode()
    assert "3 seats left" in html
    assert "(capacity: 4 seats)" in html


def test_page_shows_the_registration_window(client, make_workshop):
    page = make_workshop(
        registration_opens_at=dt.datetime(2020, 1, 1, 9, 0, tzinfo=dt.UTC),
        registration_closes_at=dt.datetime(2099, 1, 1, 9, 0, tzinfo=dt.UTC),
    )
    html = client.get(page.url).content.decode()
    assert (
        "From 1 January 2020, 10:00 until 1 January 2099, 10:00 (Europe/Madrid)" in html
    )


def test_page_json_ld_is_an_event(client, make_workshop):
    partner = Partner.objects.get(acronym="ALCC", locale__language_code="en")
    page = make_workshop(
        title="Event data",
        time_zone="Europe/Lisbon",
        venue="ALCC",
        address="Rua da Palma 100",
        city="Lisbon",
        languages=["pt"],
        partner=partner,
        capacity=8,
    )
    data = json_ld(client.get(page.url))
    assert data["@type"] == "Event"
    assert data["name"] == "Event data"
    assert dt.datetime.fromisoformat(data["startDate"]) == page.starts_at
    assert data["startDate"] == page.local_start.isoformat()
    assert data["endDate"] == page.local_end.isoformat()
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert (
        data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    )
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["addressLocality"] == "Lisbon"
    assert data["location"]["address"]["streetAddress"] == "Rua da Palma 100"
    assert data["organizer"] == {"@type": "Organization", "name": partner.name}
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["inLanguage"] == ["pt"]


def test_page_json_ld_start_date_carries_an_offset(client, make_workshop):
    page = make_workshop(time_zone="America/Sao_Paulo")
    assert json_ld(client.get(page.url))["startDate"].endswith("-03:00")


def test_page_json_ld_of_a_cancelled_workshop(client, make_workshop):
    page = make_workshop(is_cancelled=True)
    data = json_ld(client.get(page.url))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


def test_page_json_ld_of_a_full_workshop_is_sold_out(client, make_workshop, make_user):
    page = make_workshop(capacity=1)
    services.book_seats(page, make_user())
    data = json_ld(client.get(page.url))
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"
    assert data["remainingAttendeeCapacity"] == 0


def test_page_json_ld_of_an_online_workshop_has_no_link(client, make_workshop):
    page = make_workshop(
        format=Format.ONLINE, online_url="https://meet.example.org/hidden-room"
    )
    data = json_ld(client.get(page.url))
    assert data["location"] == {"@type": "VirtualLocation"}
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert "hidden-room" not in json.dumps(data)


def test_admin_preview_of_a_new_workshop_shows_its_times(admin_client, workshop_index):
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=("workshops", "workshoppage", workshop_index.pk),
    )
    data = nested_form_data(
        {
            "title": "Previewed",
            "slug": "previewed",
            "audience": "everyone",
            "format": "in_person",
            "city": "Valencia",
            "time_zone": "America/Sao_Paulo",
            "start_date": "2031-03-04",
            "start_time": "09:15",
            "end_time": "11:00",
            "capacity": "10",
            "max_seats_per_booking": "2",
            "body": streamfield([]),
        }
    )
    assert admin_client.post(url, data).json()["is_valid"] is True
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<time datetime="2031-03-04T09:15:00-03:00">4 March 2031, 09:15</time>' in html
    )
    assert "This workshop is not open for booking." in html
