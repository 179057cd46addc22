"""The profile page: the person's details, saved with a confirmation."""

import pytest

pytestmark = pytest.mark.django_db

PROFILE = "/en/accounts/profile/"
DETAILS = {
    "full_name": "Ana Gómez",
    "organisation": "Ayuntamiento de Bilbao",
    "job_role": "Social worker",
    "country": "PE",
    "preferred_language": "es",
}


def test_profile_needs_a_login(client, home_page):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_profile_shows_my_details(logged_in, booker):
    booker.organisation = "Cáritas"
    booker.save()
    html = logged_in.get(PROFILE).content.decode()
    assert 'value="Cáritas"' in html
    assert booker.email in html


def test_saving_the_profile_stores_the_details(logged_in, booker):
    response = logged_in.post(PROFILE, DETAILS)
    assert response.status_code == 303
    booker.refresh_from_db()
    assert {name: getattr(booker, name) for name in DETAILS} == DETAILS


def test_saving_the_profile_shows_a_message(logged_in):
    response = logged_in.post(PROFILE, DETAILS, follow=True)
    assert "Your profile has been saved." in response.content.decode()


def test_profile_with_an_unknown_country_is_refused_and_unchanged(logged_in, booker):
    response = logged_in.post(PROFILE, {**DETAILS, "country": "ZZ"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    booker.refresh_from_db()
    assert booker.organisation == ""


def test_profile_cannot_change_the_email_or_staff_flags(logged_in, booker):
    logged_in.post(PROFILE, {**DETAILS, "email": "other@example.org", "is_staff": "on"})
    booker.refresh_from_db()
    assert booker.email == "booker@example.org"
    assert not booker.is_staff


def test_profile_fields_have_labels_and_autocomplete(logged_in):
    html = logged_in.get(PROFILE).content.decode()
    assert '<label class="form-field__label" for="id_full_name">' in html
    assert 'autocomplete="name"' in html
    assert 'autocomplete="organization"' in html
    assert 'autocomplete="organization-title"' in html
    assert 'autocomplete="country"' in html
