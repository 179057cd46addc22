"""Bad input to the booking form and the index: a clear 4xx, nothing changed."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.paging import status_for_page
from tests.workshop_fixtures import book_url
from workshops.models import Booking

pytestmark = pytest.mark.django_db

INDEX = "/en/workshops/"
NO_500 = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# Text a browser can send (no lone surrogates, which UTF-8 cannot encode).
form_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)


def bookings_of(page):
    return Booking.objects.filter(workshop__translation_key=page.translation_key)


@pytest.mark.parametrize(
    ("seats", "message"),
    [
        ("0", "Please ask for at least one seat."),
        ("-1", "Please ask for at least one seat."),
        ("1000000000", "You can book at most 5 seats on this workshop."),
        ("abc", "Enter the number of seats as a whole number, for example 2."),
        ("", "Enter how many seats you need."),
        ("1.5", "Enter the number of seats as a whole number, for example 2."),
        ("9" * 5000, "Enter the number of seats as a whole number, for example 2."),
    ],
)
def test_book_with_bad_seats_is_refused_with_400(
    logged_in, make_workshop, seats, message
):
    page = make_workshop(max_seats_per_booking=5)
    response = logged_in.post(book_url(page), {"seats": seats})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not bookings_of(page).exists()


def test_book_with_bad_seats_marks_the_field_invalid(logged_in, make_workshop):
    page = make_workshop(max_seats_per_booking=5)
    html = logged_in.post(book_url(page), {"seats": "abc"}).content.decode()
    assert 'aria-describedby="booking-seats-hint booking-seats-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="booking-seats-error"' in html


def test_book_with_bad_seats_does_not_echo_them_into_the_number_input(
    logged_in, make_workshop
):
    page = make_workshop(max_seats_per_booking=5)
    html = logged_in.post(book_url(page), {"seats": "abc"}).content.decode()
    assert 'value=""' in html
    assert 'value="abc"' not in html


def test_book_more_than_one_seat_on_a_one_seat_workshop_is_refused(
    logged_in, make_workshop
):
    page = make_workshop(max_seats_per_booking=1)
    response = logged_in.post(book_url(page), {"seats": "2"})
    assert response.status_code == 400
    assert "You can book at most 1 seat on this workshop." in response.content.decode()
    assert not bookings_of(page).exists()


@pytest.mark.parametrize(
    ("seats", "names"),
    [("3", "Ana\nLuis"), ("2", ""), ("2", "Ana\nLuis\nEva"), ("1", "Ana\nLuis")],
)
def test_book_with_names_not_matching_seats_is_refused_with_400(
    logged_in, make_workshop, seats, names
):
    page = make_workshop()
    response = logged_in.post(book_url(page), {"seats": seats, "attendee_names": names})
    assert response.status_code == 400
    assert "give one name per line, one per seat" in response.content.decode()
    assert not bookings_of(page).exists()


def test_book_with_a_too_long_name_is_refused_with_400(logged_in, make_workshop):
    page = make_workshop()
    response = logged_in.post(
        book_url(page), {"seats": "2", "attendee_names": "Ana\n" + "x" * 201}
    )
    assert response.status_code == 400
    assert "at most 200 characters long; line 2 is longer" in (
        response.content.decode()
    )
    assert not bookings_of(page).exists()


def test_book_with_a_null_character_is_refused_with_400(logged_in, make_workshop):
    page = make_workshop()
    response = logged_in.post(
        book_url(page), {"seats": "2", "attendee_names": "Ana\nLu\x00is"}
    )
    assert response.status_code == 400
    assert not bookings_of(page).exists()


def test_book_with_a_huge_names_field_is_refused_with_400(logged_in, make_workshop):
    page = make_workshop()
    response = logged_in.post(
        book_url(page), {"seats": "2", "attendee_names": "Ana\n" * 50_000}
    )
    assert response.status_code == 400
    assert not bookings_of(page).exists()


def test_book_form_keeps_what_was_typed_after_an_error(logged_in, make_workshop):
    page = make_workshop()
    html = logged_in.post(
        book_url(page), {"seats": "3", "attendee_names": "Ana <b>Ruiz</b>\nLuis"}
    ).content.decode()
    assert 'value="3"' in html
    assert "Ana &lt;b&gt;Ruiz&lt;/b&gt;\nLuis</textarea>" in html


@pytest.fixture
def small_workshop(make_workshop):
    """Created once per test, shared by all of Hypothesis's examples."""
    return make_workshop(capacity=3)


@NO_500
@given(seats=st.one_of(st.integers(), form_text), names=form_text)
def test_book_with_any_input_never_fails_with_500(
    logged_in, small_workshop, seats, names
):
    response = logged_in.post(
        book_url(small_workshop), {"seats": str(seats), "attendee_names": names}
    )
    assert response.status_code in (303, 400, 409)
    confirmed = bookings_of(small_workshop).filter(status=Booking.Status.CONFIRMED)
    assert sum(b.seats for b in confirmed) <= 3


@NO_500
@given(city=form_text, audience=form_text, month=form_text, number=form_text)
def test_index_with_any_filters_never_fails_with_500(
    client, workshop_index, city, audience, month, number
):
    response = client.get(
        INDEX, {"city": city, "audience": audience, "month": month, "page": number}
    )
    assert response.status_code == status_for_page(number)


@NO_500
@given(number=form_text)
def test_archive_with_any_page_number_never_fails_with_500(
    client, workshop_index, number
):
    response = client.get(INDEX + "past/", {"page": number})
    assert response.status_code == status_for_page(number)
