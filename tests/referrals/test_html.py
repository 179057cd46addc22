"""The referral pages are valid HTML (Nu Html Checker), in every language,
with their errors; so are the admin's."""

import pytest

from referrals import services
from tests.factories import VerifiedUserFactory, member_of
from tests.html_validation import assert_pages_are_valid_html, html_errors

from .conftest import PERSON

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "es", "pt", "it")


def test_the_professionals_pages_are_valid_html(
    client, professional, make_referral, tmp_path
):
    make_referral()
    client.force_login(professional)
    pages = {}
    for lang in LANGUAGES:
        pages[f"form ({lang})"] = f"/{lang}/referrals/new/"
        pages[f"list ({lang})"] = f"/{lang}/referrals/"
    documents = {}
    errors = client.post("/es/referrals/new/", {**PERSON, "phone": "", "country": "ZZ"})
    assert errors.status_code == 400
    documents["form errors"] = errors.content.decode()
    client.force_login(VerifiedUserFactory())
    not_yet = client.get("/pt/referrals/new/")
    documents["profile first"] = not_yet.content.decode()
    assert html_errors(documents, tmp_path) == []
    client.force_login(professional)
    assert_pages_are_valid_html(client, pages, tmp_path)


def test_the_persons_pages_are_valid_html(client, make_referral, tmp_path):
    waiting = make_referral()
    agreed = services.confirm(make_referral())
    withdrawn = services.withdraw(make_referral())
    pages = {}
    for lang in LANGUAGES:
        for name, referral in [
            ("waiting", waiting),
            ("agreed", agreed),
            ("withdrawn", withdrawn),
        ]:
            token = services.consent_token(referral)
            pages[f"{name} ({lang})"] = f"/{lang}/referrals/consent/{token}/"
        pages[f"unknown link ({lang})"] = (f"/{lang}/referrals/consent/nothing/", 404)
    assert_pages_are_valid_html(client, pages, tmp_path)


def test_the_admin_pages_are_valid_html(client, make_referral, tmp_path):
    referral = services.confirm(make_referral())
    withdrawn = services.withdraw(services.confirm(make_referral()))
    client.force_login(member_of("One Stop Shop staff: Brazil"))
    assert_pages_are_valid_html(
        client,
        {
            "index": "/admin/referrals/",
            "filtered": "/admin/referrals/?status=sent",
            "detail": f"/admin/referrals/{referral.pk}/",
            "withdrawn": f"/admin/referrals/{withdrawn.pk}/",
        },
        tmp_path,
    )
