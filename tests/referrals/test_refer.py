"""The professional's form: only with a profile that says who they are; bad
input is a 400 in their language that records nothing."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from referrals.models import Referral
from tests.factories import VerifiedUserFactory

from .conftest import PERSON

pytestmark = pytest.mark.django_db


def test_signing_in_comes_first(client, offices):
    response = client.get("/en/referrals/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


@pytest.mark.parametrize("missing", ["organisation", "job_role"])
def test_without_organisation_and_role_the_form_asks_for_them(client, offices, missing):
    user = VerifiedUserFactory(
        **{"organisation": "Cáritas", "job_role": "Social worker", missing: " "}
    )
    client.force_login(user)
    page = client.get("/es/referrals/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/es/accounts/profile/" in html
    assert 'name="person_email"' not in html
    response = client.post("/es/referrals/new/", PERSON)
    assert response.status_code == 403
    assert not Referral.objects.exists()
    assert (
        "Referrals"
        not in client.get("/en/accounts/profile/")
        .content.decode()
        .split("account-links")[1]
        .split("</nav>")[0]
    )


def test_a_professional_has_the_referrals_link(client, professional, offices):
    client.force_login(professional)
    nav = client.get("/en/accounts/profile/").content.decode()
    assert 'href="/en/referrals/"' in nav


def test_the_form_offers_the_countries_with_a_one_stop_shop_and_the_needs(
    client, professional, offices
):
    client.force_login(professional)
    html = client.get("/pt/referrals/new/").content.decode()
    assert '<option value="BR">Brasil</option>' in html
    assert 'value="ES"' not in html  # Spain has no One Stop Shop
    assert 'value="employment"' in html
    assert "/pt/" in html and "privacidade" in html.lower()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"person_name": ""}, "Write the person&#x27;s name or initials."),
        ({"person_email": "not-an-address"}, "Write an email address like"),
        ({"country": "ES"}, "We don&#x27;t know the country “ES”"),
        ({"country": "XX' OR 1=1"}, "We don&#x27;t know the country"),
        ({"needs": ["flying"]}, "We don&#x27;t know the need “flying”"),
        ({"contact_method": "pigeon"}, "Choose email, phone call or WhatsApp."),
        ({"phone": ""}, "Write their phone number, or choose"),
        ({"phone": "call me maybe"}, "Write the phone number with digits"),
        ({"language": "de"}, "Choose a language from the list."),
        ({"note": "x" * 601}, "at most 600 characters"),
        ({"person_name": "n" * 101}, "at most 100 characters"),
    ],
)
def test_bad_input_is_a_400_with_a_message_and_records_nothing(
    client, professional, offices, changes, message
):
    client.force_login(professional)
    response = client.post("/en/referrals/new/", {**PERSON, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Referral.objects.exists()


def test_bad_input_is_explained_in_the_visitors_language(client, professional, offices):
    client.force_login(professional)
    response = client.post("/es/referrals/new/", {**PERSON, "phone": ""})
    assert response.status_code == 400
    assert "Escriba el número de teléfono de la persona" in response.content.decode()


@override_settings(FORM_RATE_LIMITS={"referral": "2/d"})
def test_too_many_referrals_from_one_account_get_a_429(client, professional, offices):
    cache.clear()
    client.force_login(professional)
    for _ in range(2):
        assert client.post("/en/referrals/new/", PERSON).status_code == 303
    response = client.post("/en/referrals/new/", PERSON)
    assert response.status_code == 429
    assert Referral.objects.count() == 2
