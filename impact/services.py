"""The programme in figures: what it did, per calendar year and in total.

One rule per figure, each computed from the data in a fixed number of queries
whatever the number of workshops, bookings, stories or subscribers:

- workshops held: booking records published, not cancelled, that have ended;
- people who attended: per workshop held, the attendance the archive shows
  (``workshops.listing.attach_attendance``: the figure reported, else the
  people checked in);
- professionals trained: the same, at workshops for professionals;
- cities: distinct cities of the workshops held;
- countries reached: distinct countries with a published country page (their
  One Stop Shop or their partners in Europe); a total, not a yearly figure;
- stories published: success stories anyone may read, counted once per
  translation set, in the year the first of its languages was published;
- subscribers: confirmed addresses, once each (new per year of confirmation,
  and all of them in total).

``programme_figures()`` is what pages show: the same, cached for
``CACHE_SECONDS``; the signals in ``signals.py`` forget it when a workshop,
story or country page is published or unpublished, a booking or its check-in
changes, or a subscriber confirms. A cache that fails is skipped, never an error.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Min
from django.db.models.functions import ExtractYear, Lower
from django.utils import timezone

from countries.models import CountryPage
from home.pages import visible
from mailinglist.models import Subscriber
from stories.models import SuccessStoryPage
from workshops.listing import attach_attendance
from workshops.models import WorkshopPage
from workshops.records import Audience, Workshop

logger = logging.getLogger(__name__)

CACHE_KEY = "impact:programme-figures:v1"
CACHE_SECONDS = 60 * 60  # the site caches nothing longer than an hour


@dataclass
class YearFigures:
    """The figures of one calendar year (or of every year, for the total)."""

    year: int | None = None
    workshops: int = 0
    attended: int = 0
    professionals: int = 0
    cities: int = 0
    stories: int = 0
    subscribers: int = 0  # new confirmed subscribers


@dataclass
class ProgrammeFigures:
    years: list[YearFigures] = field(default_factory=list)  # oldest first
    total: YearFigures = field(default_factory=YearFigures)
    countries: int = 0
    subscribers: int = 0  # confirmed subscribers now

    @property
    def is_empty(self) -> bool:
        return not self.years and not self.countries and not self.subscribers


def held_workshops(now=None):
    """Booking records of the workshops held: published, not cancelled, ended."""
    now = now or timezone.now()
    return Workshop.objects.filter(is_live=True, is_cancelled=False, ends_at__lte=now)


def compute_figures(now=None) -> ProgrammeFigures:
    """Every figure, from the database (eight queries, whatever the amount of data)."""
    by_year: dict[int, YearFigures] = defaultdict(YearFigures)
    cities: dict[int, set[str]] = defaultdict(set)

    records = list(
        held_workshops(now)
        .annotate(year=ExtractYear("starts_at"))
        .values("translation_key", "year", "city")
    )
    # The pages of those workshops in one language each (the archive's
    # attendance rule reads the figure reported on the page).
    pages = {}
    for page in WorkshopPage.objects.filter(
        translation_key__in={r["translation_key"] for r in records}
    ).order_by("translation_key", "pk"):
        pages.setdefault(page.translation_key, page)
    attach_attendance(list(pages.values()))
    for record in records:
        year = by_year[record["year"]]
        year.workshops += 1
        cities[record["year"]].add(record["city"].strip().casefold())
        page = pages.get(record["translation_key"])
        attended = (page.attendance or 0) if page is not None else 0
        year.attended += attended
        if page is not None and page.audience == Audience.PROFESSIONALS:
            year.professionals += attended

    first_published = (
        visible(SuccessStoryPage.objects.all())
        .order_by()  # grouped by translation set only, not by the tree's order
        .values("translation_key")
        .annotate(first=Min("first_published_at"))
        .values_list("first", flat=True)
    )
    for published in first_published:
        if published is not None:
            by_year[timezone.localtime(published).year].stories += 1

    confirmed = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
    for row in (
        confirmed.filter(confirmed_at__isnull=False)
        .annotate(year=ExtractYear("confirmed_at"))
        .order_by()
        .values("year")
        .annotate(n=Count(Lower("email"), distinct=True))
    ):
        by_year[row["year"]].subscribers += row["n"]

    years = []
    total = YearFigures()
    for number in sorted(by_year):
        year = by_year[number]
        year.year = number
        year.cities = len(cities[number])
        years.append(year)
        for name in (
            "workshops",
            "attended",
            "professionals",
            "stories",
            "subscribers",
        ):
            setattr(total, name, getattr(total, name) + getattr(year, name))
    total.cities = len(set().union(*cities.values()))
    countries = (
        visible(CountryPage.objects.filter(country__isnull=False))
        .order_by()
        .values("country")
        .distinct()
        .count()
    )
    subscribers = confirmed.aggregate(n=Count(Lower("email"), distinct=True))["n"]
    return ProgrammeFigures(years, total, countries, subscribers)


def programme_figures() -> ProgrammeFigures:
    """The figures, from the cache when it has them; computed when it fails."""
    try:
        figures = cache.get(CACHE_KEY)
    except Exception:  # noqa: BLE001 - a cache outage must not stop the page
        logger.warning("Cache unavailable: computing the programme figures")
        return compute_figures()
    if figures is None:
        figures = compute_figures()
        try:
            cache.set(CACHE_KEY, figures, CACHE_SECONDS)
        except Exception:  # noqa: BLE001 - a cache outage must not stop the page
            logger.warning("Cache unavailable: programme figures not cached")
    return figures


def forget_figures() -> None:
    """Drop the cached figures (the next page computes them again)."""
    try:
        cache.delete(CACHE_KEY)
    except Exception:  # noqa: BLE001 - a cache outage must not stop the page
        logger.warning("Cache unavailable: programme figures not forgotten")
