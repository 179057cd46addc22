"""Site search: what a query finds, in the visitor's language, and its filters.

Pages, organisations and needs are searched through Wagtail's search backend
(``search/backend.py`` stems each language as itself). Each search reads every
match's id and score in one query per kind of object, so the filters' counts
are exact and only the shown page of results is read in full.
"""

import datetime
import html
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from countries.models import (
    CountryPage,
    FindHelpPage,
    NeedCategory,
    RecognitionGuidePage,
    ResourceOrganisation,
)
from home.choices import PROGRAMME_COUNTRIES
from home.i18n import localize, localize_one, localized_url
from home.pages import visible
from home.questions import questions_page
from home.text import echo
from news.models import NewsPage
from stories.models import SuccessStoryPage
from workshops.models import WorkshopPage

from .models import UnansweredSearch

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
MAX_SUGGESTIONS = 8

# The kinds of result a visitor can filter by, in the order shown. A page's
# kind is its app's; organisations and needs are "countries".
KINDS = [
    ("news", gettext_lazy("News")),
    ("stories", gettext_lazy("Success stories")),
    ("countries", gettext_lazy("Countries and organisations")),
    ("workshops", gettext_lazy("Workshops")),
    ("other", gettext_lazy("Other pages")),
]
KIND_OF_APP = {app: app for app in ("news", "stories", "countries", "workshops")}


def clean_query(raw: str) -> str:
    """The visitor's words without control characters or double quotes.

    Wagtail's SQLite full-text backend fails on an unbalanced quote or a NUL
    byte; phrase search is not offered, so quotes carry no meaning here.
    """
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(printable.replace('"', " ").split())[:MAX_QUERY_LENGTH]


def searchable_pages(site: Site):
    """The site's pages anyone may see, each in the visitor's language where
    translated, else in the default language (what the visitor is shown)."""
    return localize(visible(site=site, for_search=True))


@dataclass
class Match:
    """One thing a query found, before it is read in full."""

    model: type
    pk: int
    kind: str
    score: float
    countries: frozenset = frozenset()


@dataclass
class Hit:
    """One result as the page shows it."""

    kind: str
    kind_label: str
    title: str
    url: str
    obj: object
    summary: str = ""
    date: datetime.date | None = None


@dataclass
class SearchOutcome:
    query: str
    kind: str = ""
    country: str = ""
    errors: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    kind_counts: list[tuple[str, str, int]] = field(default_factory=list)
    country_counts: list[tuple[str, str, int]] = field(default_factory=list)
    promotions: list[Hit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.matches)


def _kind_of_content_type(content_type_id: int) -> str:
    app_label = ContentType.objects.get_for_id(content_type_id).app_label
    return KIND_OF_APP.get(app_label, "other")


def _scored(queryset, query: str, *fields: str):
    """Every object of ``queryset`` matching ``query``: (pk, *fields, score),
    best first, in one query."""
    results = get_search_backend().search(query, queryset).annotate_score("_score")
    return results.get_queryset().values_list("pk", *fields, "_score")


def _page_countries(rows) -> dict[int, set[str]]:
    """The countries each matched page is about, for the types that name one
    (a country page its country, a recognition guide its country page's, a
    story both countries of its returnee, an article its countries). ``rows``
    are (pk, content type id, score)."""
    ids_of: dict[type, list[int]] = {}
    for pk, content_type_id, _score in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        ids_of.setdefault(model, []).append(pk)
    countries: dict[int, set[str]] = {}
    if CountryPage in ids_of:
        for pk, code in CountryPage.objects.filter(
            pk__in=ids_of[CountryPage]
        ).values_list("pk", "country_id"):
            countries.setdefault(pk, set()).add(code)
    if RecognitionGuidePage in ids_of:
        guides_under: dict[str, list[int]] = {}
        for pk, path in RecognitionGuidePage.objects.filter(
            pk__in=ids_of[RecognitionGuidePage]
        ).values_list("pk", "path"):
            guides_under.setdefault(path[: -Page.steplen], []).append(pk)
        for path, code in CountryPage.objects.filter(path__in=guides_under).values_list(
            "path", "country_id"
        ):
            for pk in guides_under[path]:
                countries.setdefault(pk, set()).add(code)
    if SuccessStoryPage in ids_of:
        for pk, *codes in SuccessStoryPage.objects.filter(
            pk__in=ids_of[SuccessStoryPage]
        ).values_list("pk", "country_of_return_id", "country_lived_in_id"):
            countries.setdefault(pk, set()).update(c for c in codes if c)
    if NewsPage in ids_of:
        through = NewsPage.countries.through
        for pk, code in through.objects.filter(
            newspage_id__in=ids_of[NewsPage]
        ).values_list("newspage_id", "country_id"):
            countries.setdefault(pk, set()).add(code)
    return countries


def page_matches(site: Site, query: str, exclude: set[int]) -> list[Match]:
    """The pages anyone may see on ``site`` that ``query`` finds, but ``exclude``."""
    rows = [
        row
        for row in _scored(searchable_pages(site), query, "content_type_id")
        if row[0] not in exclude
    ]
    countries = _page_countries(rows)
    return [
        Match(
            Page,
            pk,
            _kind_of_content_type(ct),
            score,
            frozenset(countries.get(pk, ())),
        )
        for pk, ct, score in rows
    ]


def snippet_matches(query: str) -> list[Match]:
    """Organisations and needs, in the visitor's language where translated."""
    organisations = [
        Match(ResourceOrganisation, pk, "countries", score, frozenset([country]))
        for pk, country, score in _scored(
            localize(ResourceOrganisation.objects.all()), query, "country_id"
        )
    ]
    needs = [
        Match(NeedCategory, pk, "countries", score)
        for pk, score in _scored(localize(NeedCategory.objects.all()), query)
    ]
    return organisations + needs


def promoted(site: Site, query: str) -> list[Hit]:
    """Editors' picks for ``query``: each page in the visitor's language, if
    anyone may see it; external links as they are."""
    normalised = normalise_query_string(query)
    if not normalised:
        return []
    chosen = list(
        SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page")
        .order_by("sort_order")
    )
    if not chosen:
        return []
    keys = [pick.page.translation_key for pick in chosen if pick.page_id]
    pages = {
        page.translation_key: page
        for page in localize(
            visible(Page.objects.filter(translation_key__in=keys), site=site)
        )
        .defer_streamfields()
        .specific()
    }
    hits = []
    for pick in chosen:
        if pick.page_id is None:
            if pick.external_link_url:
                hits.append(
                    Hit(
                        "promoted",
                        pgettext("search result", "Recommended"),
                        pick.external_link_text or pick.external_link_url,
                        pick.external_link_url,
                        pick,
                        pick.description,
                    )
                )
            continue
        page = pages.get(pick.page.translation_key)
        if page is not None:
            hits.append(
                Hit(
                    "promoted",
                    pgettext("search result", "Recommended"),
                    page.title,
                    localized_url(page),
                    page,
                    pick.description or _summary(page),
                    _date(page),
                )
            )
    return hits


def run_search(
    site: Site | None, raw_query: str, kind: str, country: str
) -> SearchOutcome:
    """What ``raw_query`` finds on ``site`` with the two filters.

    An unknown kind or country gives an error message and no results; no
    site (a host no site answers to) finds nothing.
    """
    outcome = SearchOutcome(query=clean_query(raw_query))
    kind, country = kind.strip(), country.strip().upper()
    if kind and kind not in dict(KINDS):
        outcome.errors.append(
            _("We don't know the kind of result “%(value)s”.") % {"value": echo(kind)}
        )
    if country and country not in dict(PROGRAMME_COUNTRIES):
        outcome.errors.append(
            _("We don't know the country “%(value)s”.") % {"value": echo(country)}
        )
    if outcome.errors or not outcome.query or site is None:
        return outcome
    outcome.kind, outcome.country = kind, country
    outcome.promotions = promoted(site, outcome.query)
    exclude = {hit.obj.pk for hit in outcome.promotions if isinstance(hit.obj, Page)}
    every = page_matches(site, outcome.query, exclude) + snippet_matches(outcome.query)
    every.sort(key=lambda m: (-m.score, m.kind, m.pk))

    def in_kind(m):
        return not kind or m.kind == kind

    def in_country(m):
        return not country or country in m.countries

    outcome.kind_counts = [
        (slug, str(label), sum(1 for m in every if m.kind == slug and in_country(m)))
        for slug, label in KINDS
    ]
    outcome.country_counts = [
        (code, str(name), sum(1 for m in every if code in m.countries and in_kind(m)))
        for code, name in sorted(PROGRAMME_COUNTRIES, key=lambda c: str(c[1]))
    ]
    outcome.matches = [m for m in every if in_kind(m) and in_country(m)]
    return outcome


def _summary(obj) -> str:
    """A result's summary as plain text (some introductions are rich text)."""
    text = (
        getattr(obj, "summary", "")
        or getattr(obj, "introduction", "")
        or getattr(obj, "pull_quote", "")
    )
    return html.unescape(strip_tags(str(text)))


def _date(obj) -> datetime.date | None:
    if isinstance(obj, NewsPage):
        return obj.date
    if isinstance(obj, WorkshopPage):
        return obj.start_date
    return None


def hits_for(matches: list[Match]) -> list[Hit]:
    """The results of one page of ``matches``, read in full (one query per
    page type, organisations and needs, plus the pages they link to)."""
    labels = dict(KINDS)
    page_ids = [m.pk for m in matches if m.model is Page]
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in=page_ids).defer_streamfields().specific()
    }
    organisations = ResourceOrganisation.objects.in_bulk(
        [m.pk for m in matches if m.model is ResourceOrganisation]
    )
    needs = NeedCategory.objects.in_bulk(
        [m.pk for m in matches if m.model is NeedCategory]
    )
    codes = {organisation.country_id for organisation in organisations.values()}
    country_urls = {
        page.country_id: localized_url(page)
        for page in localize(visible(CountryPage.objects.filter(country_id__in=codes)))
    }
    find_help = find_help_page() if needs else None
    hits = []
    for m in matches:
        label = str(labels[m.kind])
        if m.model is Page and m.pk in pages:
            page = pages[m.pk]
            hits.append(
                Hit(
                    m.kind,
                    label,
                    page.title,
                    localized_url(page),
                    page,
                    _summary(page),
                    _date(page),
                )
            )
        elif m.model is ResourceOrganisation and m.pk in organisations:
            organisation = organisations[m.pk]
            hits.append(
                Hit(
                    m.kind,
                    label,
                    str(organisation),
                    _organisation_url(country_urls, organisation),
                    organisation,
                    organisation.services,
                )
            )
        elif m.model is NeedCategory and m.pk in needs:
            need = needs[m.pk]
            url = f"{localized_url(find_help)}?need={need.slug}" if find_help else ""
            hits.append(Hit(m.kind, label, need.name, url, need, need.description))
    return hits


def _organisation_url(country_urls: dict, organisation) -> str:
    """An organisation's card on its country's page (the card's id is its
    ``translation_key``, the same in every language)."""
    url = country_urls.get(organisation.country_id, "")
    return f"{url}#organisation-{organisation.translation_key}" if url else ""


def log_search(query: str, found: int) -> None:
    """Count the search in Wagtail's query log (the admin's "Search terms"),
    and apart when it found nothing. A failing write is logged, never raised:
    it must not cost the visitor the results."""
    try:
        with transaction.atomic():
            today = timezone.localdate()
            logged = Query.get(query)
            logged.add_hit(date=today)
            if found == 0:
                unanswered, _created = UnansweredSearch.objects.get_or_create(
                    query=logged, date=today
                )
                UnansweredSearch.objects.filter(pk=unanswered.pk).update(
                    hits=F("hits") + 1
                )
    except DatabaseError:
        logger.warning("Could not log the search %r", query, exc_info=True)


def suggestions(site: Site | None, raw_query: str) -> list[dict[str, str]]:
    """Titles of pages whose words begin with the query's, in the visitor's
    language, at most ``MAX_SUGGESTIONS``."""
    query = clean_query(raw_query)
    if not query or site is None:
        return []
    pages = get_search_backend().autocomplete(query, searchable_pages(site))
    return [
        {"title": page.title, "url": localized_url(page)}
        for page in pages[:MAX_SUGGESTIONS]
    ]


def find_help_page():
    """The find-help page in the visitor's language, else the default's."""
    return localize_one(visible(FindHelpPage.objects.all()))


def next_steps() -> dict:
    """Where a search that found nothing sends the visitor: find help and the
    questions form, in the visitor's language where translated."""
    return {
        "find_help_page": find_help_page(),
        "questions_page": questions_page(),
    }


def forget_old_searches() -> int:
    """Delete the days of searches that found nothing older than the search
    log keeps (``WAGTAILSEARCH_HITS_MAX_AGE``, as Wagtail's daily hits)."""
    days = getattr(settings, "WAGTAILSEARCH_HITS_MAX_AGE", 7)
    cutoff = timezone.localdate() - datetime.timedelta(days=days)
    deleted, _by_model = UnansweredSearch.objects.filter(date__lt=cutoff).delete()
    return deleted
