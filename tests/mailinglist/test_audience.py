"""Who a campaign reaches: languages × interests × countries, confirmed, not suppressed."""

import pytest

from mailinglist import services
from mailinglist.models import Suppression, email_digest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_list")]

PEOPLE = {
    "en_news": {"language": "en", "interests": ["news"]},
    "es_news_bolivia": {"language": "es", "interests": ["news"], "countries": ["BO"]},
    "es_workshops_spain": {
        "language": "es",
        "interests": ["workshops"],
        "residence_country": "ES",
    },
    "pt_stories_brazil": {
        "language": "pt",
        "interests": ["stories"],
        "residence_country": "PT",
        "countries": ["BR"],
    },
    "it_news_stories_peru": {
        "language": "it",
        "interests": ["news", "stories"],
        "residence_country": "IT",
        "countries": ["PE", "BO"],
    },
    "en_pending": {"language": "en", "interests": ["news"], "confirmed": False},
    "es_bounced": {"language": "es", "interests": ["news"], "countries": ["BO"]},
}
CONFIRMED = {
    "en_news",
    "es_news_bolivia",
    "es_workshops_spain",
    "pt_stories_brazil",
    "it_news_stories_peru",
}


@pytest.fixture
def people(make_subscriber) -> dict[str, int]:
    """The subscribers of ``PEOPLE`` by name; ``es_bounced`` is suppressed."""
    ids = {
        name: make_subscriber(email=f"{name}@example.org", **fields).pk
        for name, fields in PEOPLE.items()
    }
    Suppression.objects.create(
        email_hash=email_digest("es_bounced@example.org"),
        reason=Suppression.Reason.BOUNCED,
    )
    return ids


def names(queryset, people: dict[str, int]) -> set[str]:
    by_id = {pk: name for name, pk in people.items()}
    return {by_id[pk] for pk in queryset.values_list("pk", flat=True)}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, CONFIRMED),
        ({"languages": ["es"]}, {"es_news_bolivia", "es_workshops_spain"}),
        (
            {"languages": ["es", "it"]},
            {"es_news_bolivia", "es_workshops_spain", "it_news_stories_peru"},
        ),
        ({"interests": ["stories"]}, {"pt_stories_brazil", "it_news_stories_peru"}),
        (
            {"interests": ["news", "workshops"]},
            {
                "en_news",
                "es_news_bolivia",
                "es_workshops_spain",
                "it_news_stories_peru",
            },
        ),
        ({"countries": ["BO"]}, {"es_news_bolivia", "it_news_stories_peru"}),
        ({"countries": ["ES"]}, {"es_workshops_spain"}),
        ({"countries": ["PT", "BR"]}, {"pt_stories_brazil"}),
        ({"countries": ["UY"]}, set()),
        (
            {"languages": ["es"], "interests": ["news"], "countries": ["BO"]},
            {"es_news_bolivia"},
        ),
        (
            {"languages": ["es", "it"], "interests": ["stories"], "countries": ["BO"]},
            {"it_news_stories_peru"},
        ),
        ({"languages": ["pt"], "interests": ["news"]}, set()),
    ],
)
def test_audience_picks_exactly_the_matching_subscribers(people, filters, expected):
    assert names(services.audience_for(**filters), people) == expected


def test_audience_of_a_campaign_uses_its_filters(people, make_campaign):
    campaign = make_campaign(languages=["es", "it"], interests=["news"])
    assert names(services.audience(campaign), people) == {
        "es_news_bolivia",
        "it_news_stories_peru",
    }


def test_audience_leaves_out_pending_subscribers(people):
    assert "en_pending" not in names(services.audience_for(), people)


def test_audience_leaves_out_suppressed_addresses(people):
    assert "es_bounced" not in names(services.audience_for(languages=["es"]), people)


def test_audience_is_in_id_order(people):
    ids = list(services.audience_for().values_list("pk", flat=True))
    assert ids == sorted(ids)
