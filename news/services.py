"""Reading news: index filters, editions, related articles, partners, JSON-LD."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.models import Page

from countries.models import Country
from home.http import page_site_url
from home.i18n import localize, localized_url, with_language_prefix
from home.listings import attach_listing_images, paginate
from home.models import Partner
from home.pages import children_shown, visible
from home.related import RELATED_LIMIT
from home.text import echo

NEWS_PER_PAGE = 12
FILTERS = ("tag", "country", "year", "edition")


@dataclass
class Edition:
    number: int
    count: int
    page: Page | None = None  # its edition page, where the index has one


@dataclass
class NewsListing:
    """What the news index shows: the filter choices, the active values and results.

    ``unmatched`` holds one message per filter whose value is not one of the
    choices (unknown tag, country, year or edition); the results are then empty.
    """

    results: QuerySet
    active: dict[str, str]
    tags: list[Tag]
    countries: list[Country]
    years: list[int]
    editions: list[Edition]
    unmatched: list[str] = field(default_factory=list)

    @property
    def is_filtered(self) -> bool:
        return bool(self.active)


def _clean_param(params: Mapping, name: str) -> str:
    """The filter value, printable and short enough to quote back in a message."""
    value = params.get(name, "")
    return echo(value.strip(), 100) if isinstance(value, str) else ""


def edition_pages(index: Page) -> dict[int, Page]:
    """The edition pages of ``index`` that anyone may see, by number, in the
    visitor's language where translated (one query)."""
    from .models import EditionPage

    pages = children_shown(index, EditionPage).exclude(number=None).order_by("pk")
    return {page.number: page for page in pages}


def edition_url(index: Page, number: int, pages: Mapping[int, Page], request=None):
    """Where "Newsletter edition N" leads: its edition page, else the index's
    articles of that edition."""
    page = pages.get(number)
    if page is not None:
        return page.get_url(request)
    return f"{index_url(index, request)}?edition={number}"


def list_editions(news: QuerySet, pages: Mapping[int, Page]) -> list[Edition]:
    """The newsletter editions of ``news`` with their article counts and their
    edition pages (``edition_pages``), newest first."""
    rows = (
        news.exclude(edition=None)
        .order_by()
        .values("edition")
        .annotate(count=Count("pk"))
        .order_by("-edition")
    )
    return [
        Edition(
            number=row["edition"], count=row["count"], page=pages.get(row["edition"])
        )
        for row in rows
    ]


def filter_news(
    news: QuerySet, params: Mapping, pages: Mapping[int, Page] | None = None
) -> NewsListing:
    """Articles of ``news`` matching the ``tag``/``country``/``year``/``edition`` params.

    Values are only compared with the choices read from the database, so odd
    input (unknown, non-numeric, control characters) never reaches a query.
    """
    ids = news.order_by().values("pk")
    tags = list(
        Tag.objects.filter(news_newspagetag_items__content_object__in=ids)
        .distinct()
        .order_by("name")
    )
    countries = sorted(
        Country.objects.filter(news_pages__in=ids).distinct(), key=lambda c: c.name
    )
    years = [d.year for d in news.order_by().dates("date", "year", order="DESC")]
    editions = list_editions(news, pages or {})

    active = {name: v for name in FILTERS if (v := _clean_param(params, name))}
    results = news
    unmatched = []
    if "tag" in active:
        if active["tag"] in {t.slug for t in tags}:
            results = results.filter(tagged_items__tag__slug=active["tag"])
        else:
            unmatched.append(_("No news is tagged “%(tag)s”.") % {"tag": active["tag"]})
    if "country" in active:
        code = active["country"].upper()
        if code in {c.code for c in countries}:
            results = results.filter(countries__code=code)
        else:
            unmatched.append(
                _("No news is about the country “%(country)s”.")
                % {"country": active["country"]}
            )
    if "year" in active:
        if active["year"] in {str(y) for y in years}:
            results = results.filter(date__year=int(active["year"]))
        else:
            unmatched.append(
                _("There is no news from the year “%(year)s”.")
                % {"year": active["year"]}
            )
    if "edition" in active:
        if active["edition"] in {str(e.number) for e in editions}:
            results = results.filter(edition=int(active["edition"]))
        else:
            unmatched.append(
                _("There is no newsletter edition “%(edition)s”.")
                % {"edition": active["edition"]}
            )
    if unmatched:
        results = results.none()
    return NewsListing(
        results=results,
        active=active,
        tags=tags,
        countries=countries,
        years=years,
        editions=editions,
        unmatched=unmatched,
    )


def paginate_news(request, news: QuerySet):
    """The requested page of ``news`` with card images loaded; 404 past the end."""
    page = paginate(request, news, per_page=NEWS_PER_PAGE)
    page.object_list = list(page.object_list)
    attach_listing_images(page.object_list)
    return page


def news_about(country_codes: Iterable[str], *, exclude_key=None) -> list[Page]:
    """The latest news that concern any of the countries, in the visitor's
    language (for ``home.related``: two queries)."""
    from .models import NewsPage

    sharing = NewsPage.countries.through.objects.filter(
        country__in=list(country_codes)
    ).values("newspage_id")
    pages = list(
        localize(visible(NewsPage.objects.filter(pk__in=sharing)))
        .exclude(translation_key=exclude_key)
        .defer_streamfields()
        .order_by("-date", "-pk")[:RELATED_LIMIT]
    )
    attach_listing_images(pages)
    return pages


def localized_partners(page) -> list[Partner]:
    """The page's partners in the page's language, else the default one, else any."""
    # Read through the relation's own manager: a preview holds it in memory.
    keys = [partner.translation_key for partner in page.partners.all()]
    chosen = Partner.objects.filter(translation_key__in=keys).order_by(
        "sort_order", "name"
    )
    return list(localize(chosen, page.locale.language_code, or_any=True))


def index_url(index: Page, request=None) -> str:
    """The news index's address under the visitor's language prefix."""
    return localized_url(index, request)


def feed_urls(index: Page, request=None) -> dict[str, str]:
    """Addresses of the index's RSS and Atom feeds under the visitor's language."""
    base = index.get_url(request) or ""
    language = translation.get_language()
    return {
        name: with_language_prefix(base + index.reverse_subpage(name), language)
        for name in ("rss_feed", "atom_feed")
    }


def news_article_json_ld(page, request=None) -> dict:
    """schema.org ``NewsArticle`` data for a news page."""
    url = page_site_url(page, request)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.summary,
        "datePublished": page.date.isoformat(),
        "inLanguage": page.locale.language_code,
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": "One Stop Shops"},
        "author": {"@type": "Organization", "name": "One Stop Shops"},
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    image = page.hero_image or page.listing_image
    if image is not None:
        data["image"] = [image.get_rendition("fill-1200x630").full_url]
    keywords = [tag.name for tag in page.tags.all()]
    if keywords:
        data["keywords"] = keywords
    countries = [
        {"@type": "Country", "name": country.name} for country in page.countries.all()
    ]
    if countries:
        data["contentLocation"] = countries
    return data


def edition_json_ld(page, articles: Iterable[Page], request=None) -> dict:
    """schema.org ``PublicationIssue`` data for an edition page: its number,
    date and cover, and its articles as parts."""
    data = {
        "@context": "https://schema.org",
        "@type": "PublicationIssue",
        "name": page.title,
        "datePublished": page.date.isoformat(),
        "inLanguage": page.locale.language_code,
        "url": page_site_url(page, request),
        "isPartOf": {
            "@type": "Periodical",
            "name": str(_("One Stop Shops newsletter")),
            "publisher": {"@type": "Organization", "name": "One Stop Shops"},
        },
        "hasPart": [
            {
                "@type": "NewsArticle",
                "headline": article.title[:110],
                "url": page_site_url(article, request),
            }
            for article in articles
        ],
    }
    if page.number is not None:
        data["issueNumber"] = str(page.number)
    if page.listing_summary:
        data["description"] = page.listing_summary
    image = page.cover_image or page.listing_image
    if image is not None:
        data["image"] = [image.get_rendition("fill-1200x630").full_url]
    return data
