"""Demo content for the mailing list: a few confirmed subscribers, edition 3 sent.

Creates only what is missing (subscribers matched by address, the campaign by
its page), so a second run changes nothing. The campaign goes through the
real sending path with Django's dummy email backend: its deliveries are real
rows marked SENT, and nothing is printed or sent.
"""

from django.utils import timezone, translation

from news.models import NewsPage

from . import sending
from .forms import CONSENT_TEXT
from .models import Campaign, Interest, Subscriber, Suppression, email_digest
from .services import CONSENT_VERSION

EDITION = 3
DUMMY_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

SUBSCRIBERS = [
    {
        "email": "ana.quispe@example.org",
        "language": "es",
        "interests": [Interest.NEWS, Interest.WORKSHOPS],
        "residence_country": "ES",
        "countries": ["BO", "PE"],
    },
    {
        "email": "joao.pereira@example.org",
        "language": "pt",
        "interests": [Interest.NEWS, Interest.STORIES],
        "residence_country": "PT",
        "countries": ["BR"],
    },
    {
        "email": "giulia.bianchi@example.org",
        "language": "it",
        "interests": [Interest.NEWS],
        "residence_country": "IT",
        "countries": ["EC", "PE"],
    },
    {
        "email": "lucia.gomez@example.org",
        "language": "es",
        "interests": [Interest.NEWS, Interest.STORIES],
        "residence_country": "",
        "countries": ["CO"],
    },
    {
        "email": "sam.taylor@example.org",
        "language": "en",
        "interests": [Interest.NEWS, Interest.WORKSHOPS],
        "residence_country": "ES",
        "countries": [],
    },
    {
        "email": "paulo.araujo@example.org",
        "language": "pt",
        "interests": [Interest.NEWS],
        "residence_country": "IT",
        "countries": ["BR", "UY"],
    },
]


def load() -> Campaign | None:
    """Add the demo subscribers and the sent edition 3 campaign, where missing."""
    ensure_subscribers()
    return ensure_campaign()


def ensure_subscribers() -> list[Subscriber]:
    """The demo subscribers, confirmed; existing addresses are left as they are."""
    subscribers = []
    now = timezone.now()
    for data in SUBSCRIBERS:
        if Suppression.objects.filter(email_hash=email_digest(data["email"])).exists():
            continue  # a demo address that left stays out
        subscriber = Subscriber.objects.filter(email__iexact=data["email"]).first()
        if subscriber is None:
            with translation.override(data["language"]):
                consent_text = str(CONSENT_TEXT)
            subscriber = Subscriber.objects.create(
                **data,
                status=Subscriber.Status.CONFIRMED,
                consent_text=consent_text,
                consent_version=CONSENT_VERSION,
                consented_at=now,
                confirmed_at=now,
            )
        subscribers.append(subscriber)
    return subscribers


def ensure_campaign() -> Campaign | None:
    """Edition 3 sent to the demo list, unless a campaign for it exists already.

    The campaign names the edition's first article, which sends the whole
    edition (see ``emails.email_items``).
    """
    first = (
        NewsPage.objects.live().filter(edition=EDITION).order_by("date", "pk").first()
    )
    if first is None:
        return None
    edition_pages = NewsPage.objects.filter(edition=EDITION).values("pk")
    existing = Campaign.objects.filter(page__in=edition_pages).first()
    if existing is not None:
        return existing
    campaign = Campaign.objects.create(page=first)
    sending.run_campaign(campaign.pk, backend=DUMMY_BACKEND)
    campaign.refresh_from_db()
    return campaign
