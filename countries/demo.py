"""Demo content for the countries app: needs, the help network and country pages.

Facts come from the programme's third newsletter (networks in Brazil, Chile and
Paraguay; partners in Europe). Contact details are only what is public and
certain: the official websites of the public bodies it names, the language
they work in, and that the local public centres (CRAS, SINE) are visited in
person. No address, phone number or email is invented, and no "last checked"
date is claimed: the One Stop Shops are reached through the programme's
address until editors add their own. The pages and snippets are built only
while the site has no country index, so editors' changes stay; the contact
details are added to a database made before they existed, field by field,
where still empty.

The one recognition guide is Chile's skills certification with ChileValora,
as the newsletter describes it: no time, cost or "last checked" date is
claimed, and the steps and documents that are common sense rather than
ChileValora's published rules are marked as general advice.
"""

from wagtail.models import Locale
from wagtail.rich_text import RichText

from home import demo_translations
from home.choices import PROGRAMME_COUNTRIES
from home.models import HomePage

from .models import (
    CountryIndexPage,
    CountryPage,
    FindHelpPage,
    NeedCategory,
    RecognitionGuidePage,
    ResourceOrganisation,
)

PROGRAMME_EMAIL = "ventanillasunicas@oei.es"

NEEDS = [
    ("training", "Training", "Vocational courses and programmes to learn a trade."),
    ("employment", "Employment", "Job offers, job search and employment services."),
    (
        "social-assistance",
        "Social assistance",
        "Benefits and support for people and families in need.",
    ),
    (
        "social-development",
        "Social development",
        "Public programmes that help families and communities get ahead.",
    ),
    (
        "qualification-recognition",
        "Qualification recognition and skill certification",
        "Getting studies recognised and skills learnt abroad certified.",
    ),
    (
        "business-start-up",
        "Business start-up",
        "Advice and paperwork to set up a small business.",
    ),
    ("housing", "Housing", "Finding somewhere to live after the return."),
    ("health", "Health", "Access to health care and medical services."),
    (
        "psychosocial-support",
        "Psychosocial support",
        "Emotional support through the decision to return and after it.",
    ),
    (
        "legal-documentation",
        "Legal documentation",
        "Identity papers, certificates and other documents.",
    ),
]

ORGANISATIONS = [
    {
        "country": "BR",
        "acronym": "MDS",
        "website": "https://www.gov.br/mds/pt-br",
        "languages": "Portuguese",
        "name": "Ministério do Desenvolvimento Social e Combate à Fome",
        "kind": ResourceOrganisation.Kind.GOVERNMENT,
        "services": "The federal ministry in charge of social programmes: "
        "returnees' families can be referred to its benefits and development "
        "schemes.",
        "needs": ["social-development", "social-assistance"],
    },
    {
        "country": "BR",
        "acronym": "MRE",
        "website": "https://www.gov.br/mre/pt-br",
        "languages": "Portuguese",
        "name": "Ministério das Relações Exteriores",
        "kind": ResourceOrganisation.Kind.GOVERNMENT,
        "services": "Brazil's foreign ministry and its consulates: documents "
        "and consular matters before and after the journey home.",
        "needs": ["legal-documentation"],
    },
    {
        "country": "BR",
        "acronym": "PRONATEC",
        "website": "https://www.gov.br/mec/pt-br",
        "languages": "Portuguese",
        "name": "Ministério da Educação – PRONATEC",
        "kind": ResourceOrganisation.Kind.GOVERNMENT,
        "services": "The education ministry's national programme of technical "
        "and vocational courses, open to returnees who want to learn a trade.",
        "needs": ["training", "qualification-recognition"],
    },
    {
        "country": "BR",
        "acronym": "CRAS",
        "languages": "Portuguese",
        "reach_in_person": True,
        "name": "Centro de Referência da Assistência Social",
        "kind": ResourceOrganisation.Kind.PUBLIC_SERVICE,
        "services": "Local social assistance centres: the first stop for "
        "families who need support in the town where they settle.",
        "needs": ["social-assistance", "psychosocial-support"],
    },
    {
        "country": "BR",
        "acronym": "SENAC",
        "website": "https://www.senac.br/",
        "languages": "Portuguese",
        "name": "Serviço Nacional de Aprendizagem Comercial",
        "kind": ResourceOrganisation.Kind.TRAINING,
        "services": "Vocational training for trade and services, from short "
        "courses to professional qualifications.",
        "needs": ["training", "business-start-up"],
    },
    {
        "country": "BR",
        "acronym": "SINE",
        "website": "https://www.gov.br/trabalho-e-emprego/pt-br",
        "languages": "Portuguese",
        "reach_in_person": True,
        "name": "Sistema Nacional de Emprego",
        "kind": ResourceOrganisation.Kind.PUBLIC_SERVICE,
        "services": "The public employment service: job vacancies, registration "
        "as a job seeker and referral to employers.",
        "needs": ["employment"],
    },
    {
        "country": "CL",
        "acronym": "",
        "name": "ChileValora",
        "website": "https://www.chilevalora.cl/",
        "languages": "Spanish",
        "kind": ResourceOrganisation.Kind.GOVERNMENT,
        "services": "Certifies work skills, so that the experience returnees "
        "gained abroad is recognised in Chile; a pilot with the One Stop Shop "
        "identifies returnees who want theirs verified.",
        "needs": ["qualification-recognition"],
    },
    {
        "country": "PY",
        "acronym": "",
        "name": "Secretaría de Desarrollo para Repatriados y Refugiados Connacionales",
        "languages": "Spanish",
        "kind": ResourceOrganisation.Kind.GOVERNMENT,
        "services": "Paraguay's government office for citizens who come back: "
        "support on arrival, help with papers and referral to social programmes.",
        "needs": ["social-assistance", "legal-documentation", "housing"],
    },
    {
        "country": "PY",
        "acronym": "MTESS",
        "name": "Ministerio de Trabajo, Empleo y Seguridad Social",
        "website": "https://www.mtess.gov.py/",
        "languages": "Spanish",
        "kind": ResourceOrganisation.Kind.GOVERNMENT,
        "services": "The ministry of labour: employment services, job training "
        "and social security.",
        "needs": ["employment", "training"],
    },
]

NETWORK_NOTES = {
    "BR": "Its network is wide enough that every need a returnee brings has at "
    "least one organisation that can meet it.",
    "CL": "It works closely with ChileValora on a way to certify the skills "
    "people gained in their working life outside Chile.",
    "PY": "It is gathering a broad catalogue of resources, backed by agreements "
    "with the government office for repatriated citizens and the ministry of "
    "labour.",
}

EUROPEAN_INTRODUCTIONS = {
    "ES": "Many Latin Americans who think about going back live in Spain. "
    "Partners there explain the One Stop Shops to social services, NGOs and "
    "consulates, and advise people one by one.",
    "IT": "In Italy, seminars on voluntary assisted return prepare the "
    "volunteers and staff of migrant associations to guide people who want to "
    "go home.",
    "PT": "In Portugal, the programme works with consulates and the national "
    "immigrant support centres to reach people who could use a One Stop Shop.",
}


CHILEVALORA = "https://www.chilevalora.cl"

GUIDES = [
    {
        "country": "CL",
        "slug": "skills-certification",
        "title": "Getting your work experience certified with ChileValora",
        "listing_summary": "How the One Stop Shop in Chile and ChileValora help "
        "returnees have the skills they gained abroad certified.",
        "introduction": "Years of work abroad count. The One Stop Shop in Chile "
        "works with ChileValora, the body that certifies work skills in Chile, "
        "so that the professional experience of immigrants and returnees gained "
        "outside the country can be confirmed and recognised.",
        "body_name": "ChileValora",
        "body_website": CHILEVALORA,
        "steps": [
            {
                "title": "Tell the One Stop Shop about the work you did abroad",
                "text": "Contact the One Stop Shop in Chile before you travel or "
                "once you are back. Its team works with ChileValora on ways to "
                "certify the skills of returnees and can tell you how to take "
                "part.",
                "general": False,
            },
            {
                "title": "Say that you want your experience verified",
                "text": "The programme is developing a pilot method to certify "
                "skills. It starts by finding returnees who are willing to have "
                "their professional experience verified, and looks at their "
                "backgrounds: tell the team you are interested.",
                "general": False,
            },
            {
                "title": "Gather proof of what you did",
                "text": "Keep anything that shows which jobs you did abroad and "
                "for how long. It helps whatever the procedure turns out to be.",
                "general": True,
            },
            {
                "title": "Check ChileValora's own information",
                "text": "ChileValora's website explains how skills certification "
                "works in Chile. Rely on it, and on the One Stop Shop, for what "
                "applies to you today.",
                "general": True,
            },
        ],
        "documents": [
            {"document": "Your identity document", "note": "", "general": True},
            {
                "document": "Proof of the work you did abroad",
                "note": "For example contracts, payslips or letters from employers.",
                "general": True,
            },
            {
                "document": "Certificates of courses or training",
                "note": "",
                "general": True,
            },
            {
                "document": "A list of the jobs you held, with dates",
                "note": "It helps the team see which skills could be certified.",
                "general": True,
            },
        ],
        "sources": [{"title": "ChileValora", "url": CHILEVALORA}],
    },
]


def load() -> CountryIndexPage | None:
    """Build the needs, organisations and country pages, once.

    Nothing is done when a country index exists: the section is the editors'.
    """
    existing = CountryIndexPage.objects.first()
    if existing is not None:
        add_contact_details()
        ensure_recognition_guides()
        return existing
    home = HomePage.objects.filter(locale=Locale.get_default(), depth=2).first()
    if home is None:
        return None
    needs = ensure_needs()
    ensure_organisations(needs)
    index = ensure_index_page(home)
    ensure_find_help_page(index)
    for code, _name in PROGRAMME_COUNTRIES:
        ensure_country_page(index, code)
    ensure_recognition_guides()
    return index


def ensure_needs() -> dict[str, NeedCategory]:
    locale = Locale.get_default()
    needs = {}
    for order, (slug, name, description) in enumerate(NEEDS):
        need, _created = NeedCategory.objects.get_or_create(
            locale=locale,
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "sort_order": order * 10,
            },
        )
        needs[slug] = need
    return needs


def ensure_organisations(needs: dict[str, NeedCategory]) -> None:
    locale = Locale.get_default()
    for data in ORGANISATIONS:
        data = dict(data)
        slugs = data.pop("needs")
        if ResourceOrganisation.objects.filter(
            locale=locale, country_id=data["country"], name=data["name"]
        ).exists():
            continue
        organisation = ResourceOrganisation(
            locale=locale, country_id=data.pop("country"), **data
        )
        organisation.needs = [needs[slug] for slug in slugs]
        organisation.save()


# What the demo fills in of ``ContactDetails``: text fields where empty, the
# ways to reach only where none is chosen yet.
CONTACT_TEXTS = ("website", "languages")
CONTACT_WAYS = (
    "reach_in_person",
    "reach_by_phone",
    "reach_by_whatsapp",
    "reach_online",
)


def add_contact_details() -> int:
    """Give the demo organisations of an existing database their contact
    details, in every language they are translated into; returns the number
    of rows changed.

    Only empty fields are filled, so an editor's text stays. The website and
    the ways to reach are the same in every language; the languages spoken
    are taken from the demo catalogue (``home/demo_content``), left empty in a
    language it does not translate.
    """
    default = Locale.get_default()
    catalogues = {}
    changed = 0
    for data in ORGANISATIONS:
        source = ResourceOrganisation.objects.filter(
            locale=default, country_id=data["country"], name=data["name"]
        ).first()
        if source is None:
            continue
        for organisation in ResourceOrganisation.objects.filter(
            translation_key=source.translation_key
        ).select_related("locale"):
            language = organisation.locale.language_code
            if language not in catalogues:
                catalogues[language] = (
                    {}
                    if organisation.locale == default
                    else (demo_translations.catalogue(language))
                )
            if _fill_contact(organisation, data, catalogues[language], default):
                changed += 1
    return changed


def _fill_contact(organisation, data, strings, default) -> bool:
    updates = []
    for name in CONTACT_TEXTS:
        value = data.get(name, "")
        if organisation.locale != default and name == "languages":
            value = strings.get(value, "")
        if value and not getattr(organisation, name):
            setattr(organisation, name, value)
            updates.append(name)
    if not any(getattr(organisation, name) for name in CONTACT_WAYS):
        for name in CONTACT_WAYS:
            if data.get(name):
                setattr(organisation, name, True)
                updates.append(name)
    if updates:
        organisation.save(update_fields=updates)
    return bool(updates)


def ensure_index_page(home: HomePage) -> CountryIndexPage:
    index = CountryIndexPage.objects.child_of(home).first()
    if index is None:
        index = CountryIndexPage(
            title="Countries",
            slug="countries",
            show_in_menus=True,
            introduction="Eight One Stop Shops in Latin America welcome people "
            "who return, and partners in three European countries help them "
            "prepare.",
            listing_summary="The One Stop Shops in Latin America and the partners "
            "in Spain, Italy and Portugal.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def ensure_find_help_page(index: CountryIndexPage) -> FindHelpPage:
    page = FindHelpPage.objects.child_of(index).first()
    if page is None:
        page = FindHelpPage(
            title="Find help",
            slug="find-help",
            show_in_menus=True,
            introduction="Tell us where you are going back to and what you need: "
            "we show the organisations that can help, and how to contact the One "
            "Stop Shop.",
            listing_summary="Who helps with training, work, papers or housing in "
            "the country you return to.",
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    return page


def ensure_country_page(index: CountryIndexPage, code: str) -> CountryPage:
    page = CountryPage.objects.filter(locale=index.locale, country_id=code).first()
    if page is not None:
        return page
    name = str(dict(PROGRAMME_COUNTRIES)[code])
    if code in EUROPEAN_INTRODUCTIONS:
        page = CountryPage(
            title=name,
            slug=name.lower(),
            country_id=code,
            introduction=EUROPEAN_INTRODUCTIONS[code],
            listing_summary=f"The programme's partners in {name}.",
        )
    else:
        paragraphs = [
            f"<p>The One Stop Shop in {name} is the single door for people who come "
            "back: its team listens to each returnee, agrees a plan and refers "
            "them to the organisations that can help.</p>"
        ]
        if code in NETWORK_NOTES:
            paragraphs.append(f"<p>{NETWORK_NOTES[code]}</p>")
        page = CountryPage(
            title=name,
            slug=name.lower(),
            country_id=code,
            introduction=f"Returning to {name}? Its One Stop Shop helps you settle "
            "back in, from training and work to papers and social support.",
            listing_summary=f"The One Stop Shop in {name} and its network.",
            office_name=f"One Stop Shop {name}",
            how_to_get_there="Write to the programme at "
            f"{PROGRAMME_EMAIL} before you travel: the team will put you in "
            "touch with the One Stop Shop and arrange a first meeting.",
            body=[
                ("heading", {"text": "How the One Stop Shop helps", "level": "h2"}),
                ("paragraph", RichText("".join(paragraphs))),
            ],
        )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_recognition_guides() -> int:
    """Publish each demo guide under its country's default-language page when
    no page there has its slug; returns the number made."""
    made = 0
    for data in GUIDES:
        data = dict(data)
        parent = CountryPage.objects.filter(
            locale=Locale.get_default(), country_id=data.pop("country")
        ).first()
        if parent is None or parent.get_children().filter(slug=data["slug"]).exists():
            continue
        guide = RecognitionGuidePage(
            **{k: v for k, v in data.items() if k not in _GUIDE_STREAMS},
            **{
                name: [(block, value) for value in data[name]]
                for name, block in _GUIDE_STREAMS.items()
            },
        )
        parent.add_child(instance=guide)
        guide.save_revision().publish()
        made += 1
    return made


# Each stream field of a guide and the type of its blocks.
_GUIDE_STREAMS = {"steps": "step", "documents": "document", "sources": "link"}
