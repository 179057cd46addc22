import re

import pytest
from django.core.cache import cache

from countries.models import CountryPage
from referrals import services
from referrals.models import Referral
from tests.factories import VerifiedUserFactory

OFFICE = "oss.brasil@example.org"
LINK = re.compile(r"http://127\.0\.0\.1:8000(/[a-z]{2}/referrals/consent/[^/\s\"<]+/)")


@pytest.fixture
def offices(demo_content):
    """The demo's country pages carry no email (none is invented): give
    Brazil's One Stop Shop an address, as its editors would (every language)."""
    cache.clear()  # rate-limit counters
    CountryPage.objects.filter(country_id="BR").update(email=OFFICE)
    return {"BR": OFFICE}


@pytest.fixture
def professional(db):
    return VerifiedUserFactory(
        email="ana.social@example.org",
        full_name="Ana Ruiz",
        organisation="Cáritas Madrid",
        job_role="Social worker",
    )


PERSON = {
    "person_name": "J. S.",
    "person_email": "joao@example.org",
    "language": "pt",
    "contact_method": "whatsapp",
    "phone": "+55 11 91234 5678",
    "country": "BR",
    "needs": ["employment", "training"],
    "note": "Wants to open a small bakery in São Paulo.",
}


@pytest.fixture
def make_referral(professional, offices):
    """A referral by ``professional`` (no email sent: no commit)."""

    def make(**fields) -> Referral:
        data = {
            "name": PERSON["person_name"],
            "email": PERSON["person_email"],
            "contact_method": PERSON["contact_method"],
            "phone": PERSON["phone"],
            "language": PERSON["language"],
            "country": PERSON["country"],
            "needs": tuple(PERSON["needs"]),
            "note": PERSON["note"],
        }
        data.update(fields)
        return services.make_referral(professional, services.PersonDetails(**data))

    return make


def consent_path(message) -> str:
    """The consent link's path in an email to the person."""
    text = message.get_body(("plain",)).get_content()
    return LINK.search(text).group(1)
