"""Fixtures for the mailing list: subscribers, a page to send, campaigns, SMTP."""

import itertools
import time

import pytest
from django.core import signing
from django.utils import timezone

from mailinglist import tokens
from mailinglist.models import Campaign, Subscriber, Suppression
from mailinglist.services import CONSENT_VERSION
from news.models import NewsPage
from tests.smtp import running_smtp_server

_numbers = itertools.count(1)


@pytest.fixture
def empty_list(db) -> None:
    """No subscribers, suppressions or campaigns (the demo's are removed)."""
    Campaign.objects.all().delete()
    Subscriber.objects.all().delete()
    Suppression.objects.all().delete()


@pytest.fixture(autouse=True)
def _start_with_an_empty_list(request) -> None:
    """Every test here starts without the demo's subscribers and campaign.

    Deleted inside the test's transaction, so rolled back after it. Tests
    that commit (``transaction=True``) manage their own rows.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None or marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("empty_list")


@pytest.fixture
def make_subscriber(db):
    """Create a subscriber, confirmed unless ``confirmed=False``."""

    def make(
        *,
        confirmed: bool = True,
        email: str | None = None,
        language: str = "en",
        interests=("news",),
        residence_country: str = "",
        countries=(),
        **fields,
    ) -> Subscriber:
        now = timezone.now()
        return Subscriber.objects.create(
            email=email or f"subscriber{next(_numbers)}@example.org",
            language=language,
            interests=list(interests),
            residence_country=residence_country,
            countries=list(countries),
            status=(
                Subscriber.Status.CONFIRMED if confirmed else Subscriber.Status.PENDING
            ),
            confirmed_at=now if confirmed else None,
            consent_text="I agree.",
            consent_version=CONSENT_VERSION,
            **fields,
        )

    return make


@pytest.fixture
def campaign_page(make_standard_page):
    """A published page with a summary, to send as a campaign."""
    return make_standard_page(
        title="Return plans for 2026",
        slug="return-plans-2026",
        listing_summary="What the One Stop Shops plan for people going back.",
    )


@pytest.fixture
def edition_page(demo_content) -> NewsPage:
    """The first article of the demo's newsletter edition 3 (sends the edition)."""
    return NewsPage.objects.live().filter(edition=3).order_by("date", "pk").first()


@pytest.fixture
def make_campaign(campaign_page):
    """Create a QUEUED campaign for ``page`` (the campaign page by default)."""

    def make(page=None, **fields) -> Campaign:
        return Campaign.objects.create(page=page or campaign_page, **fields)

    return make


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend sends to."""
    with running_smtp_server() as handler:
        yield handler


class _PastTimestampSigner(signing.TimestampSigner):
    """Signs as if it were ``age`` seconds ago (an old link, without waiting)."""

    def __init__(self, *, age: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.age = age

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time() - self.age))


@pytest.fixture
def aged_token():
    """A genuine ``purpose`` token for ``subscriber``, signed ``age`` seconds ago."""

    def make(subscriber: Subscriber, purpose: str, age: float) -> str:
        payload = [
            subscriber.pk,
            subscriber.token_version,
            tokens.short_digest(subscriber.email),
        ]
        signer = _PastTimestampSigner(age=age, salt=f"mailinglist.{purpose}")
        return signer.sign_object(payload)

    return make
