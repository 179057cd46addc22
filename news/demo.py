"""Demo content for the news app: the News index, edition 3 and its articles.

Creates only what is missing (matched by slug), so a second run changes nothing
and an editor's changes are kept.
"""

import datetime

from wagtail.models import Locale
from wagtail.rich_text import RichText

from countries.models import Country
from home.demo_images import draw_landscape, get_or_create_image
from home.models import HomePage, Partner

from .models import EditionPage, NewsIndexPage, NewsPage

EDITION = 3

INDEX_INTRODUCTION = (
    "<p>What the One Stop Shops and their partners have been doing on both sides of "
    "the Atlantic. Articles are grouped by newsletter edition.</p>"
)


def _p(html: str) -> tuple[str, RichText]:
    return ("paragraph", RichText(html))


def _h(text: str) -> tuple[str, dict]:
    return ("heading", {"text": text, "level": "h2"})


ARTICLES = [
    {
        "slug": "transnational-meeting-sao-paulo",
        "title": "Partners from eleven countries meet in São Paulo",
        "date": datetime.date(2016, 3, 1),
        "summary": "For two days the teams from Europe and Latin America took stock "
        "of the project, agreed on how to reach more returnees, and planned its "
        "remaining months together.",
        "tags": ["Transnational meeting", "Coordination"],
        "countries": ["BR", "ES", "IT", "PT"],
        "partners": ["OEI", "ACOBE", "ICEI", "FEDELATINA", "ALCC"],
        "image": ("Demo: meeting in São Paulo", 21),
        "body": [
            _p(
                "<p>On 29 February and 1 March 2016 São Paulo hosted the "
                "project's transnational meeting. Delegations from Spain, Italy "
                "and Portugal sat down with the teams of the eight Latin American "
                "One Stop Shops to compare experiences, look at opportunities and "
                "name the problems each of them faces.</p>"
            ),
            _h("An open session and a shared plan"),
            _p(
                "<p>On the second day the project was presented to the public, "
                "together with a report on its progress. Brazilian ministries, a "
                "higher-education institute from Minas Gerais, São Paulo's social "
                "development department and Spain's employment ministry sent "
                "representatives. OEI's director in Brazil chaired the meeting "
                "with the coordinators from the General Secretariat.</p>"
            ),
            _h("What was agreed"),
            _p(
                "<ul><li>Better ways to reach the people the project is for.</li>"
                "<li>Clearer coordination and communication between the two shores, "
                "especially on following up NGOs' users of the One Stop Shops.</li>"
                "<li>Stronger reintegration plans: use skill-certification "
                "agreements, bring a rights-based approach into the plans, and work "
                "with other organisations to share resources.</li></ul>"
            ),
        ],
    },
    {
        "slug": "monitoring-visits-brazil-chile-paraguay",
        "title": "Field visits to the One Stop Shops in Brazil, Chile and Paraguay",
        "date": datetime.date(2016, 3, 4),
        "summary": "The coordinating team used its trip to South America to see three "
        "One Stop Shops at work, meet their institutional partners and talk with "
        "returnees.",
        "tags": ["Monitoring", "Partner networks"],
        "countries": ["BR", "CL", "PY"],
        "partners": ["OEI"],
        "image": ("Demo: field visits", 22),
        "body": [
            _p(
                "<p>Around the São Paulo meeting, the coordinators evaluated three "
                "One Stop Shops on the ground: working sessions with public bodies "
                "and interviews with the people the shops have helped.</p>"
            ),
            _h("Brazil: a network for every need"),
            _p(
                "<p>The Brazilian shop keeps widening its network: social "
                "development and foreign affairs ministries, the national "
                "technical-training programme, social assistance centres, a "
                "vocational training service and the national jobs site. Whatever "
                "a returnee needs, at least one partner can provide it.</p>"
            ),
            _h("Chile: recognising skills learnt abroad"),
            _p(
                "<p>Together with ChileValora, the Chilean shop is building a way "
                "to certify the skills that migrants and returnees gained while "
                "working outside the country. OEI plans a pilot method starting "
                "with returnees who want their experience verified.</p>"
            ),
            _h("Paraguay: agreements and outreach"),
            _p(
                "<p>Paraguay's shop has signed agreements with the secretariat for "
                "repatriated nationals and with the labour ministry, and is "
                "preparing activities in Europe to tell potential returnees about "
                "its services.</p>"
            ),
        ],
    },
    {
        "slug": "workshops-in-europe",
        "title": "Workshops in Europe: Bilbao, Barcelona, Savona and Lisbon",
        "date": datetime.date(2016, 4, 15),
        "summary": "Briefings for professionals and meetings with people thinking of "
        "going back: a round-up of the partners' recent work in Spain, Italy and "
        "Portugal, and what comes next.",
        "tags": ["Workshops", "Professionals"],
        "countries": ["ES", "IT", "PT", "UY"],
        "partners": ["ACOBE", "FEDELATINA", "ICEI", "ALCC"],
        "image": ("Demo: workshops in Europe", 23),
        "body": [
            _p(
                "<p>Since late 2015 the European partners have kept up a steady "
                "series of sessions explaining what the One Stop Shops offer, who "
                "can use them and how.</p>"
            ),
            _h("Spain"),
            _p(
                "<p>In Bilbao, on 15 April, 22 professionals attended a workshop "
                "organised with the city council; a video let returnees to Uruguay "
                "tell their own story. In Barcelona, on 22 March, FEDELATINA trained "
                "staff of the city's immigrant assistance service on the "
                "psychological side of migrating and of applying to return.</p>"
            ),
            _h("Italy"),
            _p(
                "<p>On 5 March ICEI gave a seminar on assisted voluntary return in "
                "Savona, hosted by an association of Ecuadorians, as part of a free "
                "course for volunteers that other Italian cities then repeated.</p>"
            ),
            _h("Portugal"),
            _p(
                "<p>ALCC briefed the Brazilian consulate on 21 March and, on 4 "
                "April, met potential beneficiaries at the national immigrant "
                "support centre, with one-to-one advice for those interested.</p>"
            ),
            _p(
                "<p>More sessions are planned, starting with a briefing for 21 "
                "managers of Madrid's municipal social services in April.</p>"
            ),
        ],
    },
    {
        "slug": "safe-return-survivors-of-trafficking",
        "title": "A new project for the safe return of trafficking survivors",
        "date": datetime.date(2016, 4, 20),
        "summary": "OEI has proposed a project to the EU's Asylum, Migration and "
        "Integration Fund so that women and minors who survived trafficking can go "
        "home safely and rebuild their lives.",
        "tags": ["Trafficking", "New projects"],
        "countries": ["BR", "CO", "PY"],
        "partners": ["OEI"],
        "image": ("Demo: a safe return", 24),
        "body": [
            _p(
                "<p>Talking about the return of people in vulnerable situations "
                "means talking about victims of human trafficking too. OEI has "
                "therefore submitted a project under the European Union's Asylum, "
                "Migration and Integration Fund for 2014–2020.</p>"
            ),
            _h("A network for safe returns"),
            _p(
                "<p>The project would bring many organisations together so that "
                "women and minors can return voluntarily and safely, go back to "
                "school or work without being victimised again, and so that "
                "recruitment is prevented. It targets four countries with high "
                "trafficking rates: Brazil, Colombia, Paraguay and the Dominican "
                "Republic.</p>"
            ),
        ],
    },
]


EDITION_PAGE = {
    "slug": "newsletter-3",
    "title": "Partners meet in São Paulo, and three One Stop Shops up close",
    "date": datetime.date(2016, 3, 15),
    "summary": "The third newsletter: the transnational meeting in São Paulo, "
    "field visits in Brazil, Chile and Paraguay, and returnees' stories.",
    "introduction": (
        "<p>At the start of March the partners of the project met in São Paulo "
        "with the teams of the eight Latin American One Stop Shops. This edition "
        "tells what they agreed, and what the coordinators saw when they visited "
        "the One Stop Shops in Brazil, Chile and Paraguay.</p>"
        "<p>It also brings stories of people who came home, and news of the return "
        "projects being put to donors.</p>"
    ),
    "image": ("Demo: newsletter 3 cover", 33),
}


def load() -> NewsIndexPage:
    """Build the News index and the edition 3 articles, once; then edition 3's
    page when the index has no edition 3 (an editor's edition is kept).

    No article is added when a News index exists: the section is the editors'.
    """
    existing = NewsIndexPage.objects.first()
    if existing is not None:
        ensure_edition(existing)
        return existing
    index = ensure_index_page()
    for data in ARTICLES:
        ensure_article(index, data)
    ensure_edition(index)
    return index


def demo_image(data: dict):
    """The drawn landscape of a demo page's ``data["image"]`` (title, seed)."""
    title, seed = data["image"]
    return get_or_create_image(
        title,
        "",
        lambda: draw_landscape(seed=seed),
        f"news-{data['slug']}.jpg",
    )


def ensure_edition(index: NewsIndexPage) -> EditionPage:
    existing = EditionPage.objects.child_of(index).filter(number=EDITION).first()
    if existing:
        return existing
    data = EDITION_PAGE
    image = demo_image(data)
    page = EditionPage(
        title=data["title"],
        slug=data["slug"],
        number=EDITION,
        date=data["date"],
        introduction=data["introduction"],
        listing_summary=data["summary"],
        listing_image=image,
        cover_image=image,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_index_page() -> NewsIndexPage:
    locale = Locale.get_default()
    home = HomePage.objects.get(locale=locale, depth=2)
    index = NewsIndexPage.objects.child_of(home).filter(slug="news").first()
    if index is None:
        index = NewsIndexPage(
            title="News",
            slug="news",
            show_in_menus=True,
            introduction=INDEX_INTRODUCTION,
            listing_summary="News from the One Stop Shops and their partners.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def ensure_article(index: NewsIndexPage, data: dict) -> NewsPage:
    existing = NewsPage.objects.child_of(index).filter(slug=data["slug"]).first()
    if existing:
        return existing
    image = demo_image(data)
    partners = Partner.objects.filter(locale=index.locale, acronym__in=data["partners"])
    page = NewsPage(
        title=data["title"],
        slug=data["slug"],
        date=data["date"],
        edition=EDITION,
        listing_summary=data["summary"],
        listing_image=image,
        hero_image=image,
        body=data["body"],
        countries=list(Country.objects.filter(code__in=data["countries"])),
        partners=list(partners),
    )
    page.tags.add(*data["tags"])
    index.add_child(instance=page)
    page.save_revision().publish()
    return page
