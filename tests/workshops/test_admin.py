"""Coordinator tools in the Wagtail admin: bookings report, attendee list,
check-in, phone bookings, cancellation, explorer figures and dashboard."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workshops import services
from workshops.models import Booking

pytestmark = pytest.mark.django_db

User = get_user_model()


def url(name: str, *args) -> str:
    return reverse(f"workshops_admin:{name}", args=args)


@pytest.fixture
def coordinating_editor_client(coordinator):
    """A coordinator who also edits pages (the explorer needs page permissions)."""
    coordinator.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(coordinator)
    return client


@pytest.fixture
def workshop(make_workshop):
    page = make_workshop(capacity=3, title="Return briefing in Bilbao")
    return services.workshop_record(page)


def book(record, user, seats=1, names=()):
    return services.book_seats(record, user, seats, list(names))


def count_queries(client, path: str, params=None) -> int:
    client.get(path, params)  # warm up caches (content types, site, menu)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(queries)


# -- bookings report -------------------------------------------------------


def test_bookings_list_shows_person_and_workshop_to_coordinator(
    coordinator_client, workshop, make_user
):
    person = make_user(
        email="ana@example.org", full_name="Ana Quispe", organisation="Cáritas"
    )
    book(workshop, person)
    response = coordinator_client.get(url("bookings"), {"workshop": workshop.pk})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ana Quispe" in content
    assert "ana@example.org" in content
    assert "Cáritas" in content
    assert "Return briefing in Bilbao" in content
    assert "(Europe/Madrid)" in content


def test_bookings_list_filters_by_workshop(
    coordinator_client, make_workshop, make_user
):
    first = services.workshop_record(make_workshop(title="First"))
    second = services.workshop_record(make_workshop(title="Second"))
    book(first, make_user(full_name="Person In First"))
    book(second, make_user(full_name="Person In Second"))
    content = coordinator_client.get(
        url("bookings"), {"workshop": second.pk}
    ).content.decode()
    assert "Person In Second" in content
    assert "Person In First" not in content


def test_bookings_list_filters_by_status(coordinator_client, workshop, make_user):
    workshop_full = services.workshop_record(workshop)
    for i in range(3):
        book(workshop_full, make_user(full_name=f"Confirmed Person {i}"))
    book(workshop_full, make_user(full_name="Waiting Person"))
    content = coordinator_client.get(
        url("bookings"), {"workshop": workshop.pk, "status": "waitlisted"}
    ).content.decode()
    assert "Waiting Person" in content
    assert "On the waiting list (position 1)" in content
    assert "Confirmed Person 0" not in content


def test_bookings_list_filters_by_workshop_date(
    coordinator_client, make_workshop, make_user
):
    soon = services.workshop_record(make_workshop(starts_in=dt.timedelta(days=3)))
    later = services.workshop_record(make_workshop(starts_in=dt.timedelta(days=40)))
    book(soon, make_user(full_name="Soon Person"))
    book(later, make_user(full_name="Later Person"))
    day = (later.starts_at - dt.timedelta(days=1)).date().isoformat()
    content = coordinator_client.get(
        url("bookings"), {"starts_from": day}
    ).content.decode()
    assert "Later Person" in content
    assert "Soon Person" not in content


def test_bookings_list_orders_by_workshop_start_then_booking(
    coordinator_client, make_workshop, make_user
):
    later = services.workshop_record(make_workshop(starts_in=dt.timedelta(days=9)))
    sooner = services.workshop_record(make_workshop(starts_in=dt.timedelta(days=8)))
    book(later, make_user(full_name="Zed Later"))
    book(sooner, make_user(full_name="Yan Sooner First"))
    book(sooner, make_user(full_name="Xia Sooner Second"))
    content = coordinator_client.get(url("bookings")).content.decode()
    positions = [
        content.index(name)
        for name in ("Yan Sooner First", "Xia Sooner Second", "Zed Later")
    ]
    assert positions == sorted(positions)


def test_bookings_filter_refresh_returns_the_filtered_results(
    coordinator_client, workshop, make_user
):
    book(workshop, make_user(full_name="Refreshed Person"))
    response = coordinator_client.get(
        url("bookings_results"), {"workshop": workshop.pk}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Refreshed Person" in content
    assert "<html" not in content


def test_bookings_list_is_paginated(coordinator_client, make_workshop, make_user):
    record = services.workshop_record(
        make_workshop(capacity=100, max_seats_per_booking=1)
    )
    for _i in range(51):
        book(record, make_user())
    response = coordinator_client.get(url("bookings"), {"workshop": record.pk})
    assert response.context["paginator"].num_pages == 2
    assert len(response.context["object_list"]) == 50


def test_bookings_list_with_bad_filter_values_is_not_an_error(coordinator_client):
    response = coordinator_client.get(
        url("bookings"),
        {"workshop": "abc", "status": "nope", "starts_from": "yesterday", "p": "x"},
    )
    assert response.status_code == 200


def test_bookings_list_queries_do_not_grow_with_bookings(
    coordinator_client, make_workshop, make_user
):
    record = services.workshop_record(make_workshop(capacity=5))
    for _i in range(3):
        book(record, make_user())
    few = count_queries(coordinator_client, url("bookings"))
    for _i in range(20):
        book(record, make_user())  # 2 more confirmed, 18 waiting
    many = count_queries(coordinator_client, url("bookings"))
    assert many == few
    assert many <= 25


def test_bookings_menu_item_is_shown_to_coordinator(coordinator_client):
    content = coordinator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert url("bookings") in content


def test_bookings_menu_item_is_hidden_from_editor(editor_client):
    content = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert url("bookings") not in content


# -- attendee list ---------------------------------------------------------


def test_attendee_list_shows_totals(coordinator_client, workshop, make_user):
    book(workshop, make_user(), seats=2, names=["Ana", "Bea"])
    book(workshop, make_user())
    book(workshop, make_user(), seats=2, names=["Cai", "Dan"])  # waits
    response = coordinator_client.get(url("attendees", workshop.pk))
    context = response.context
    assert response.status_code == 200
    assert (context["confirmed_seats"], context["capacity"]) == (3, 3)
    assert len(context["waiting"]) == 1
    assert context["waiting_seats"] == 2
    assert "3 of 3" in response.content.decode()


def test_attendee_list_numbers_the_waiting_list_in_order(
    coordinator_client, workshop, make_user
):
    book(workshop, make_user(), seats=3, names=["A", "B", "C"])
    first = book(workshop, make_user(full_name="First Waiting"))
    second = book(workshop, make_user(full_name="Second Waiting"))
    waiting = coordinator_client.get(url("attendees", workshop.pk)).context["waiting"]
    assert [(b.pk, b.waiting_position) for b in waiting] == [
        (first.pk, 1),
        (second.pk, 2),
    ]


def test_attendee_list_puts_cancelled_bookings_in_a_collapsed_section(
    coordinator_client, workshop, make_user
):
    booking = book(workshop, make_user(full_name="Changed Mind"))
    services.cancel_booking(booking, by=booking.user)
    content = coordinator_client.get(url("attendees", workshop.pk)).content.decode()
    details = content.split("<details>")[1].split("</details>")[0]
    assert "Changed Mind" in details


def test_attendee_list_of_unknown_workshop_is_404(coordinator_client):
    # Admin 404s go through LocaleMiddleware's language redirect first.
    response = coordinator_client.get(url("attendees", 999_999), follow=True)
    assert response.status_code == 404


# -- check-in --------------------------------------------------------------


def check_in(client, record, booking, *seats):
    return client.post(
        url("attendance", record.pk, booking.pk), {"seat": [str(n) for n in seats]}
    )


def test_check_in_marks_booking_attended(coordinator_client, workshop, make_user):
    booking = book(workshop, make_user())
    response = check_in(coordinator_client, workshop, booking, 0)
    booking.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#booking-{booking.pk}")
    assert (booking.attended_seats, booking.checked_in_seats) == (1, [0])
    assert booking.checked_in_at is not None


def test_undo_check_in_clears_attended(coordinator_client, workshop, make_user):
    booking = book(workshop, make_user())
    check_in(coordinator_client, workshop, booking, 0)
    check_in(coordinator_client, workshop, booking)  # nobody ticked
    booking.refresh_from_db()
    assert (booking.attended_seats, booking.checked_in_seats) == (0, [])
    assert booking.checked_in_at is None


def test_check_in_one_of_two_attendees_counts_one_person(
    coordinator_client, workshop, make_user
):
    booking = book(workshop, make_user(), seats=2, names=["Ana Quispe", "Luis Mamani"])
    response = check_in(coordinator_client, workshop, booking, 1)
    booking.refresh_from_db()
    assert (booking.attended_seats, booking.checked_in_seats) == (1, [1])
    assert workshop.bookings.figures().attended == 1
    html = coordinator_client.get(response["Location"]).content.decode()
    assert "1 of 2 checked in" in html
    assert "1 of 2 people with a confirmed seat" in html
    luis = f'id="seat-{booking.pk}-1" checked'
    assert luis in html
    assert f'id="seat-{booking.pk}-0" checked' not in html
    assert f'<label for="seat-{booking.pk}-1">Luis Mamani</label>' in html


def test_check_in_of_several_seats_can_be_corrected(
    coordinator_client, workshop, make_user
):
    booking = book(workshop, make_user(), seats=3, names=["A", "B", "C"])
    check_in(coordinator_client, workshop, booking, 0, 1, 2)
    check_in(coordinator_client, workshop, booking, 2, 0)
    booking.refresh_from_db()
    assert (booking.attended_seats, booking.checked_in_seats) == (2, [0, 2])
    assert workshop.bookings.figures().attended == 2


def test_check_in_message_names_the_count(coordinator_client, workshop, make_user):
    person = make_user(full_name="Rosa Flores")
    booking = book(workshop, person, seats=2, names=["Rosa Flores", "Juan Flores"])
    response = coordinator_client.post(
        url("attendance", workshop.pk, booking.pk), {"seat": ["0"]}, follow=True
    )
    assert (
        "Booking of Rosa Flores: 1 of 2 people checked in." in response.content.decode()
    )


def test_check_in_of_waiting_booking_is_refused_with_message(
    coordinator_client, workshop, make_user
):
    book(workshop, make_user(), seats=3, names=["A", "B", "C"])
    waiting = book(workshop, make_user())
    response = coordinator_client.post(
        url("attendance", workshop.pk, waiting.pk), {"seat": "0"}, follow=True
    )
    waiting.refresh_from_db()
    assert waiting.attended_seats == 0
    assert "Only confirmed bookings can be checked in." in response.content.decode()


@pytest.mark.parametrize(
    "values", [[""], ["yes"], ["-1"], ["2"], ["0", "9"], ["1; DROP TABLE"], ["\u0661"]]
)
def test_check_in_with_bad_seat_is_400_and_changes_nothing(
    coordinator_client, workshop, make_user, values
):
    booking = book(workshop, make_user(), seats=2, names=["A", "B"])
    check_in(coordinator_client, workshop, booking, 1)
    response = coordinator_client.post(
        url("attendance", workshop.pk, booking.pk), {"seat": values}
    )
    booking.refresh_from_db()
    assert response.status_code == 400
    assert "Choose among the people on this booking." in response.content.decode()
    assert (booking.attended_seats, booking.checked_in_seats) == (1, [1])


def test_check_in_by_get_is_refused(coordinator_client, workshop, make_user):
    booking = book(workshop, make_user())
    response = coordinator_client.get(url("attendance", workshop.pk, booking.pk))
    assert response.status_code == 405


def test_check_in_of_booking_from_another_workshop_is_404(
    coordinator_client, workshop, make_workshop, make_user
):
    other = services.workshop_record(make_workshop())
    booking = book(other, make_user())
    response = check_in(coordinator_client, workshop, booking, 0)
    booking.refresh_from_db()
    assert response.status_code in {302, 404}
    if response.status_code == 302:  # LocaleMiddleware's language redirect
        assert coordinator_client.get(response["Location"]).status_code == 404
    assert booking.attended_seats == 0


def test_check_in_without_csrf_token_is_refused(coordinator, workshop, make_user):
    booking = book(workshop, make_user())
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = check_in(client, workshop, booking, 0)
    booking.refresh_from_db()
    assert response.status_code == 403
    assert booking.attended_seats == 0


# -- phone bookings --------------------------------------------------------


def phone_booking(client, record, **fields):
    data = {
        "email": "caller@example.org",
        "full_name": "Carla Caller",
        "organisation": "Ayuntamiento de Bilbao",
        "seats": "1",
        "attendee_names": "",
        "language": "es",
        **fields,
    }
    return client.post(url("manual_booking", record.pk), data)


def test_manual_booking_form_is_shown(coordinator_client, workshop):
    response = coordinator_client.get(url("manual_booking", workshop.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="email"' in content
    assert 'name="csrfmiddlewaretoken"' in content


def test_manual_booking_confirms_a_seat_for_an_existing_user(
    coordinator_client, coordinator, workshop, make_user
):
    person = make_user(email="caller@example.org")
    response = phone_booking(coordinator_client, workshop)
    booking = Booking.objects.get(workshop=workshop, user=person)
    assert response.status_code == 302
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.source == Booking.Source.PHONE
    assert booking.language == "es"


def test_manual_booking_finds_the_user_whatever_the_case_of_the_email(
    coordinator_client, workshop, make_user
):
    person = make_user(email="caller@example.org")
    phone_booking(coordinator_client, workshop, email="CALLER@Example.org")
    assert Booking.objects.filter(workshop=workshop, user=person).exists()
    assert User.objects.filter(email__iexact="caller@example.org").count() == 1


def test_manual_booking_goes_on_the_waiting_list_when_full(
    coordinator_client, workshop, make_user
):
    book(workshop, make_user(), seats=3, names=["A", "B", "C"])
    response = phone_booking(coordinator_client, workshop)
    booking = Booking.objects.get(workshop=workshop, user__email="caller@example.org")
    assert booking.status == Booking.Status.WAITLISTED
    followed = coordinator_client.get(response["Location"]).content.decode()
    assert "waiting list (position 1)" in followed


def test_manual_booking_for_unknown_email_creates_user_without_password(
    coordinator_client, workshop
):
    from allauth.account.models import EmailAddress

    phone_booking(coordinator_client, workshop, email="new.person@example.org")
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "Carla Caller"
    assert user.organisation == "Ayuntamiento de Bilbao"
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user, verified=True).exists()
    assert Booking.objects.filter(workshop=workshop, user=user).exists()


def test_manual_booking_of_too_many_seats_shows_the_rule(coordinator_client, workshop):
    response = phone_booking(
        coordinator_client,
        workshop,
        seats="6",
        attendee_names="\n".join(f"Person {i}" for i in range(6)),
    )
    assert response.status_code == 400
    assert "You can book at most 5 seats on this workshop." in (
        response.content.decode()
    )
    assert not Booking.objects.filter(workshop=workshop).exists()


def test_manual_booking_refusal_creates_no_user(coordinator_client, workshop):
    phone_booking(
        coordinator_client,
        workshop,
        email="refused@example.org",
        seats="2",
        attendee_names="Only One Name",
    )
    assert not User.objects.filter(email="refused@example.org").exists()


def test_manual_booking_names_must_match_seats(coordinator_client, workshop):
    response = phone_booking(
        coordinator_client, workshop, seats="2", attendee_names="Only One Name"
    )
    assert response.status_code == 400
    assert "Please give the name of each person attending, one per seat." in (
        response.content.decode()
    )


def test_manual_booking_of_someone_already_booked_is_refused(
    coordinator_client, workshop, make_user
):
    person = make_user(email="caller@example.org")
    book(workshop, person)
    response = phone_booking(coordinator_client, workshop)
    assert response.status_code == 400
    assert "You already have a booking for this workshop." in (
        response.content.decode()
    )
    assert Booking.objects.filter(workshop=workshop, user=person).count() == 1


def test_manual_booking_after_registration_closed_is_refused(
    coordinator_client, make_workshop
):
    record = services.workshop_record(
        make_workshop(starts_in=dt.timedelta(hours=-1), duration=dt.timedelta(hours=3))
    )
    response = phone_booking(coordinator_client, record)
    assert response.status_code == 302
    assert response["Location"] == url("attendees", record.pk)
    followed = coordinator_client.get(response["Location"]).content.decode()
    assert "Registration for this workshop has closed." in followed
    assert not Booking.objects.filter(workshop=record).exists()


def cancelled_record(make_workshop):
    page = make_workshop()
    page.is_cancelled = True
    page.save_revision().publish()
    return services.workshop_record(page)


def ended_record(make_workshop):
    return services.workshop_record(
        make_workshop(starts_in=dt.timedelta(days=-2), duration=dt.timedelta(hours=2))
    )


@pytest.mark.parametrize(
    ("make_record", "reason"),
    [
        (cancelled_record, "This workshop has been cancelled by the organiser."),
        (ended_record, "Registration for this workshop has closed."),
    ],
    ids=["cancelled", "ended"],
)
def test_no_phone_booking_link_on_a_cancelled_or_ended_workshop(
    coordinator_client, make_workshop, make_record, reason
):
    record = make_record(make_workshop)
    content = coordinator_client.get(url("attendees", record.pk)).content.decode()
    assert url("manual_booking", record.pk) not in content
    assert "Add a phone booking" not in content
    assert reason in content


@pytest.mark.parametrize(
    "make_record", [cancelled_record, ended_record], ids=["cancelled", "ended"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_phone_booking_view_refuses_a_cancelled_or_ended_workshop(
    coordinator_client, make_workshop, make_record, method
):
    record = make_record(make_workshop)
    if method == "get":
        response = coordinator_client.get(url("manual_booking", record.pk))
    else:
        response = phone_booking(coordinator_client, record)
    assert response.status_code == 302
    assert response["Location"] == url("attendees", record.pk)
    followed = coordinator_client.get(response["Location"]).content.decode()
    assert "No phone booking can be taken" in followed
    assert not Booking.objects.filter(workshop=record).exists()
    assert not User.objects.filter(email="caller@example.org").exists()


def test_phone_booking_link_is_shown_on_an_open_workshop(coordinator_client, workshop):
    content = coordinator_client.get(url("attendees", workshop.pk)).content.decode()
    assert url("manual_booking", workshop.pk) in content


@pytest.mark.parametrize("seats", ["0", "-1", "1000000000", "two", ""])
def test_manual_booking_with_bad_seat_count_is_refused(
    coordinator_client, workshop, seats
):
    response = phone_booking(coordinator_client, workshop, seats=seats)
    assert response.status_code == 400
    assert not Booking.objects.filter(workshop=workshop).exists()


def test_manual_booking_with_bad_email_is_refused(coordinator_client, workshop):
    response = phone_booking(coordinator_client, workshop, email="not-an-email")
    assert response.status_code == 400
    assert not Booking.objects.filter(workshop=workshop).exists()


def test_manual_booking_sends_the_confirmation_email(
    coordinator_client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        phone_booking(coordinator_client, workshop)
    assert [m.to for m in mailoutbox] == [["caller@example.org"]]


# -- cancellation ----------------------------------------------------------


def test_cancel_asks_for_confirmation_first(coordinator_client, workshop, make_user):
    booking = book(workshop, make_user())
    response = coordinator_client.get(url("cancel_booking", workshop.pk, booking.pk))
    booking.refresh_from_db()
    assert response.status_code == 200
    assert "Yes, cancel the booking" in response.content.decode()
    assert booking.status == Booking.Status.CONFIRMED


def test_cancel_frees_the_seat_for_the_waiting_list(
    coordinator_client, workshop, make_user
):
    booking = book(workshop, make_user(), seats=3, names=["A", "B", "C"])
    waiting = book(workshop, make_user())
    response = coordinator_client.post(url("cancel_booking", workshop.pk, booking.pk))
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert response.status_code == 302
    assert booking.status == Booking.Status.CANCELLED
    assert waiting.status == Booking.Status.CONFIRMED


def test_cancel_twice_shows_the_rule(coordinator_client, workshop, make_user):
    booking = book(workshop, make_user())
    coordinator_client.post(url("cancel_booking", workshop.pk, booking.pk))
    response = coordinator_client.post(
        url("cancel_booking", workshop.pk, booking.pk), follow=True
    )
    assert "This booking is already cancelled." in response.content.decode()


# -- page explorer and editor ----------------------------------------------


def test_explorer_shows_seats_taken_and_capacity(
    coordinating_editor_client, make_workshop, make_user
):
    page = make_workshop(capacity=3)
    record = services.workshop_record(page)
    book(record, make_user(), seats=2, names=["A", "B"])
    book(record, make_user(), seats=2, names=["C", "D"])
    content = coordinating_editor_client.get(
        reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    ).content.decode()
    assert "Bookings: 2/3 (1 waiting)" in content
    assert url("attendees", record.pk) in content


def test_explorer_search_shows_seats_taken_and_capacity(
    coordinating_editor_client, make_workshop, make_user
):
    page = make_workshop(capacity=5, title="Savona seminar")
    book(services.workshop_record(page), make_user())
    response = coordinating_editor_client.get(
        reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
        {"q": "Savona"},
    )
    assert response.status_code == 200
    assert "Bookings: 1/5 (0 waiting)" in response.content.decode()


def test_explorer_shows_figures_to_editor_without_link_to_people(
    editor_client, make_workshop, make_user
):
    page = make_workshop(capacity=3)
    record = services.workshop_record(page)
    book(record, make_user())
    content = editor_client.get(
        reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    ).content.decode()
    assert "Bookings: 1/3 (0 waiting)" in content
    assert url("attendees", record.pk) not in content


def booking_queries(client, path: str) -> int:
    """Queries on booking tables while rendering ``path`` (Wagtail's own aside)."""
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return sum(
        1
        for query in queries.captured_queries
        if '"workshops_booking"' in query["sql"]
        or '"workshops_workshop"' in query["sql"]
    )


def test_explorer_booking_queries_do_not_grow_with_workshops(
    coordinating_editor_client, make_workshop, make_user
):
    first = make_workshop()
    explore = reverse("wagtailadmin_explore", args=[first.get_parent().pk])
    few = booking_queries(coordinating_editor_client, explore)
    for _i in range(20):
        book(services.workshop_record(make_workshop()), make_user())
    many = booking_queries(coordinating_editor_client, explore)
    # Wagtail and wagtail-localize spend a few queries per row of their own
    # (translations, permissions); the seat figures cost two in all (the
    # records, then confirmed seats and waiting bookings together).
    assert few == many == 2


def test_page_editor_links_to_attendees_with_figures(
    coordinating_editor_client, make_workshop, make_user
):
    page = make_workshop(capacity=10)
    record = services.workshop_record(page)
    book(record, make_user())
    content = coordinating_editor_client.get(
        reverse("wagtailadmin_pages:edit", args=[page.pk])
    ).content.decode()
    assert "Bookings: 1/10 (0 waiting)" in content
    assert url("attendees", record.pk) in content


# -- dashboard -------------------------------------------------------------


def test_dashboard_lists_upcoming_workshops_with_fullness(
    coordinator_client, make_workshop, make_user
):
    page = make_workshop(
        capacity=4, title="Madrid briefing", starts_in=dt.timedelta(hours=3)
    )
    record = services.workshop_record(page)
    book(record, make_user(), seats=3, names=["A", "B", "C"])
    content = coordinator_client.get(reverse("wagtailadmin_home")).content.decode()
    panel = content.split('id="upcoming-workshops-section"')[1]
    assert "Madrid briefing" in panel
    assert "3 of 4" in panel
    assert 'value="3"' in panel
    assert url("attendees", record.pk) in panel


def test_dashboard_leaves_out_past_workshops(coordinator_client, make_workshop):
    make_workshop(title="Already over", starts_in=dt.timedelta(days=-2))
    content = coordinator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Already over" not in content


def test_dashboard_panel_is_hidden_from_editor(editor_client, make_workshop):
    make_workshop(title="Madrid briefing", starts_in=dt.timedelta(hours=3))
    content = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="upcoming-workshops-section"' not in content
    assert "Madrid briefing" not in content


def test_dashboard_queries_do_not_grow_with_workshops(
    coordinator_client, make_workshop, make_user
):
    home = reverse("wagtailadmin_home")
    few = count_queries(coordinator_client, home)
    for _i in range(12):
        record = services.workshop_record(make_workshop())
        book(record, make_user())
    assert count_queries(coordinator_client, home) == few


# -- HTML ------------------------------------------------------------------

# Errors in Wagtail 8's own admin markup (dropdown toggles, filter drawer,
# microsecond timestamps); none of them comes from the templates tested here.
WAGTAIL_OWN_HTML_ERRORS = [
    "Attribute “type” not allowed on element “div” at this point.",
    "A fraction of a second must be one, two, or three digits.",
    "Element “div” not allowed as child of element “button” in this context.",
    "Element “div” not allowed as child of element “label” in this context.",
]


def test_coordinator_pages_are_valid_html(
    coordinating_editor_client,
    editor_client,
    coordinator,
    workshop,
    make_user,
    tmp_path,
):
    from tests.html_validation import html_errors

    client = coordinating_editor_client
    seated = book(workshop, make_user(full_name="Seated Person"), 2, ["A", "B"])
    services.check_in(seated, [0], by=coordinator)
    book(workshop, make_user(full_name="Another Person"))
    book(workshop, make_user(full_name="Waiting Person"))
    gone = book(workshop, make_user(full_name="Gone Person"))
    services.cancel_booking(gone, by=gone.user)
    parent = workshop.pages().first().get_parent()
    pages = {
        "bookings": client.get(url("bookings")),
        "attendees": client.get(url("attendees", workshop.pk)),
        "manual booking with errors": phone_booking(client, workshop, seats="0"),
        "cancel": client.get(url("cancel_booking", workshop.pk, seated.pk)),
        "dashboard": client.get(reverse("wagtailadmin_home")),
        "refused": editor_client.get(url("bookings")),
        "explorer": client.get(reverse("wagtailadmin_explore", args=[parent.pk])),
    }
    documents = {name: r.content.decode() for name, r in pages.items()}
    errors = [
        error
        for error in html_errors(documents, tmp_path)
        if not any(known in error for known in WAGTAIL_OWN_HTML_ERRORS)
    ]
    assert errors == [], "\n".join(errors)


def test_dashboard_counts_seats_in_four_queries(
    coordinator_client, make_workshop, make_user
):
    for _i in range(12):
        book(services.workshop_record(make_workshop()), make_user())
    # Upcoming workshops; confirmed seats and waiting bookings together; seats
    # booked per week; per city.
    assert booking_queries(coordinator_client, reverse("wagtailadmin_home")) == 4


# -- plural forms ------------------------------------------------------------


def summary(coordinator_client, record) -> str:
    content = coordinator_client.get(url("attendees", record.pk)).content.decode()
    return " ".join(content.split())


def test_attendee_summary_counts_one_seat_in_the_singular(
    coordinator_client, workshop, make_user
):
    book(workshop, make_user(), seats=3, names=["A", "B", "C"])
    book(workshop, make_user())  # waits: one booking, one seat
    content = summary(coordinator_client, workshop)
    assert "1 booking (1 seat)" in content
    assert "seats)" not in content.split("Waiting list")[1].split("</dd>")[0]


def test_attendee_summary_counts_seats_in_the_plural(
    coordinator_client, workshop, make_user
):
    book(workshop, make_user(), seats=3, names=["A", "B", "C"])
    book(workshop, make_user(), seats=2, names=["D", "E"])
    assert "1 booking (2 seats)" in summary(coordinator_client, workshop)


def test_attendee_summary_uses_spanish_plural_forms(
    coordinator, coordinator_client, workshop, make_user
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "es"
    profile.save()
    book(workshop, make_user(), seats=3, names=["A", "B", "C"])
    book(workshop, make_user())
    assert "1 reserva (1 lugar)" in summary(coordinator_client, workshop)


@pytest.mark.parametrize(
    ("seats", "names", "expected"),
    [("1", "", "1 seat confirmed."), ("2", "A\nB", "2 seats confirmed.")],
)
def test_phone_booking_message_uses_the_right_plural(
    coordinator_client, workshop, seats, names, expected
):
    response = phone_booking(
        coordinator_client, workshop, seats=seats, attendee_names=names
    )
    followed = coordinator_client.get(response["Location"]).content.decode()
    assert f"Carla Caller is booked: {expected}" in followed
    assert "seat(s)" not in followed


# -- search on an attendee list ------------------------------------------------


@pytest.fixture
def searchable(workshop, make_user):
    """Three bookings: José Pérez (confirmed), Ana (2 seats, waiting names), Bea."""
    jose = make_user(email="jose.perez@example.org", full_name="José Pérez")
    ana = make_user(email="ana.q@example.org", full_name="Ana Quispe")
    bea = make_user(email="bea@example.org", full_name="Bea Rossi")
    book(workshop, jose)
    book(workshop, ana, seats=2, names=["Ana Quispe", "Inés Muñoz"])
    book(workshop, bea)  # waits: the workshop has 3 seats
    return workshop


def search(client, record, q) -> str:
    response = client.get(url("attendees", record.pk), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("q", "found", "not_found"),
    [
        ("pérez", "jose.perez@example.org", "bea@example.org"),
        ("BEA@EXAMPLE", "bea@example.org", "jose.perez@example.org"),
        ("muñoz", "ana.q@example.org", "bea@example.org"),
        ("quispe ana", "ana.q@example.org", "jose.perez@example.org"),
    ],
)
def test_attendee_search_finds_name_email_or_attendee_name(
    coordinator_client, searchable, q, found, not_found
):
    content = search(coordinator_client, searchable, q)
    assert found in content
    assert not_found not in content
    assert "1 booking matches" in content


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="unaccent is PostgreSQL's"
)
@pytest.mark.parametrize("q", ["jose perez", "ines munoz", "JOSÉ"])
def test_attendee_search_ignores_accents_on_postgresql(
    coordinator_client, searchable, q
):
    content = search(coordinator_client, searchable, q)
    assert "1 booking matches" in content
    assert "bea@example.org" not in content


def test_attendee_search_with_no_match_says_so(coordinator_client, searchable):
    content = " ".join(search(coordinator_client, searchable, "zzz").split())
    assert "No booking matches “zzz”." in content
    assert "@example.org" not in content.split("No booking matches")[1]
    assert "Nobody is waiting." not in content


def test_attendee_search_keeps_the_query_in_export_links(
    coordinator_client, searchable
):
    content = search(coordinator_client, searchable, "bea")
    assert "?export=csv&amp;q=bea" in content
    response = coordinator_client.get(
        url("attendees", searchable.pk), {"export": "csv", "q": "bea"}
    )
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert b"bea@example.org" in body
    assert b"jose.perez@example.org" not in body


@pytest.mark.parametrize("q", ["\x00", "x" * 201, "%", "_", "' OR 1=1 --"])
def test_attendee_search_with_odd_input_is_no_error(coordinator_client, searchable, q):
    response = coordinator_client.get(url("attendees", searchable.pk), {"q": q})
    assert response.status_code == 200


def test_attendee_search_with_percent_matches_nothing(coordinator_client, searchable):
    assert "No booking matches" in search(coordinator_client, searchable, "%")


def test_coordinator_views_speak_the_admins_language(
    coordinator, coordinator_client, workshop
):
    """The views' own messages are in the catalogues (extracted and translated)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "it"
    profile.save()
    content = coordinator_client.get(url("attendees", workshop.pk)).content.decode()
    assert "Partecipanti: Return briefing in Bilbao" in content
