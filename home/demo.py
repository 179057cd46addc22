"""Demo content for the home app: the site, home page, About page, partners, settings.

It is built once, on a site that has no home page yet. From then on the content
belongs to the editors: running the loader again changes nothing, even where an
editor has deleted, renamed or emptied something.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from . import demo_questions
from .demo_images import (
    draw_landscape,
    draw_word_mark,
    get_or_create_image,
    redraw_small_logos,
)
from .models import (
    FooterText,
    HomePage,
    HomePageFeaturedPage,
    Partner,
    SiteSettings,
    StandardPage,
)

SITE_NAME = "One Stop Shops"

PARTNERS = [
    {
        "acronym": "OEI",
        "name": "Organisation of Ibero-American States for Education, Science and Culture",
        "country": "ES",
        "website": "http://www.oei.es/ventanillasunicas",
        "role": "Leads the programme. Its General Secretariat coordinates the One Stop "
        "Shops on both sides of the Atlantic and chairs the transnational meetings.",
    },
    {
        "acronym": "ACOBE",
        "name": "Asociación de Cooperación Bolivia España",
        "country": "ES",
        "website": "",
        "role": "Partner in Spain: brings the project to migrants who are weighing up "
        "a return and to the professionals who advise them.",
    },
    {
        "acronym": "ICEI",
        "name": "Istituto per la Cooperazione Economica Internazionale",
        "country": "IT",
        "website": "",
        "role": "Partner in Italy: runs seminars on voluntary assisted return for the "
        "volunteers and staff of migrant associations.",
    },
    {
        "acronym": "FEDELATINA",
        "name": "Federació d'Entitats Llatinoamericanes de Catalunya",
        "country": "ES",
        "website": "",
        "role": "Partner in Catalonia: trains professionals, for instance on the "
        "psychological side of migrating and of deciding to go back.",
    },
    {
        "acronym": "ALCC",
        "name": "Associação Lusofonia, Cultura e Cidadania",
        "country": "PT",
        "website": "",
        "role": "Partner in Portugal: works with consulates and the national immigrant "
        "support centres to reach people who could use the One Stop Shops.",
    },
]

FOOTER_TEXT = (
    "OSS II, Sustainable Return and Reintegration in Latin America: a programme "
    "that promotes voluntary return and supports people who go back."
)

HOME_INTRODUCTION = (
    "<p>OSS II, <b>Sustainable Return and Reintegration in Latin America</b>, supports "
    "Latin Americans living in Spain, Italy and Portugal who choose to go back to "
    "Bolivia, Brazil, Chile, Colombia, Ecuador, Paraguay, Peru or Uruguay.</p>"
    "<p>In each of those eight countries a One Stop Shop is the single door to knock "
    "on: its team listens, then connects returnees with the public bodies and "
    "organisations that can help with training, a job, social assistance, getting "
    "skills recognised or starting a business.</p>"
    "<p>In Europe, partner organisations hold workshops and briefings for social "
    "services, NGO and consulate staff, and for anyone thinking about returning.</p>"
)


def load() -> HomePage:
    """The default language's home page; the demo site is built first if there is none."""
    existing = HomePage.objects.filter(locale=Locale.get_default(), depth=2).first()
    if existing is not None:
        ensure_privacy_notice(existing)
        ensure_sharp_partner_logos()
        return existing
    home = create_home_page()
    about = create_about_page(home)
    home.hero_link_page = about
    HomePageFeaturedPage.objects.create(home_page=home, page=about, sort_order=0)
    home.save_revision().publish()
    site = point_site_at(home)
    if not Partner.objects.exists():
        create_partners()
    if not SiteSettings.objects.filter(site=site).exists():
        create_site_settings(site)
    if not FooterText.objects.exists():
        FooterText.objects.create(locale=Locale.get_default(), text=FOOTER_TEXT)
    ensure_privacy_notice(home)
    return home


def create_home_page() -> HomePage:
    """The home page, in place of Wagtail's placeholder "Welcome" page."""
    locale = Locale.get_default()
    root = Page.get_first_root_node()
    for welcome in root.get_children().filter(numchild=0).exact_type(Page):
        welcome.delete()
    hero = get_or_create_image(
        "Demo: hills at sunrise",
        "",
        lambda: draw_landscape(seed=3),
        "hero.jpg",
    )
    home = HomePage(
        title=SITE_NAME,
        slug="home",
        locale=locale,
        hero_heading="Going back to Latin America, with support at every step",
        hero_text="One Stop Shops in eight Latin American countries, and partner "
        "organisations in Spain, Italy and Portugal, help people plan a voluntary "
        "return and rebuild their lives.",
        hero_image=hero,
        hero_link_label="How the programme works",
        introduction=HOME_INTRODUCTION,
        listing_summary="Support for Latin Americans in Europe who choose to go home.",
        # The figures block links to the figures page (the figures app's demo)
        # by itself when no page is chosen.
        sections=[("figures", {"heading": "The programme in figures"})],
    )
    root.add_child(instance=home)
    return home


def point_site_at(home: HomePage) -> Site:
    """The default site, serving ``home`` at SITE_URL (where `make run` answers)."""
    site = Site.objects.filter(is_default_site=True).first() or Site(
        is_default_site=True
    )
    address = urlsplit(settings.SITE_URL)
    site.hostname = address.hostname or "localhost"
    site.port = address.port or (443 if address.scheme == "https" else 80)
    site.root_page = home
    site.site_name = SITE_NAME
    site.save()
    return site


def create_about_page(home: HomePage) -> StandardPage:
    """ "About the programme", in the main menu and featured on the home page."""
    image = get_or_create_image(
        "Demo: the two shores",
        "An illustration of green hills under a rising sun.",
        lambda: draw_landscape(seed=11),
        "two-shores.jpg",
    )
    about = StandardPage(
        title="About the programme",
        slug="about",
        show_in_menus=True,
        listing_image=image,
        listing_summary="Who runs the One Stop Shops, where they are, and what they do "
        "for people who return.",
        introduction="OSS II promotes voluntary return to Latin America and helps each "
        "returnee to settle back in with a plan: work, training, housing and the "
        "support of a network of organisations.",
        body=[
            ("heading", {"text": "Who takes part", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Three European countries where many Latin Americans live "
                    "(Spain, Italy and Portugal) and eight countries they return to "
                    "(Brazil, Bolivia, Chile, Colombia, Ecuador, Peru, Paraguay and "
                    "Uruguay). The OEI leads the project with ACOBE, ICEI, FEDELATINA "
                    "and ALCC.</p>"
                ),
            ),
            ("heading", {"text": "What a One Stop Shop does", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Each One Stop Shop builds a network of public bodies and "
                    "organisations around returnees, so that every need has at least "
                    "one partner who can meet it: vocational training, finding work, "
                    "social assistance, recognition of qualifications, certification "
                    "of skills learnt abroad, or help to set up a small business.</p>"
                ),
            ),
            (
                "image",
                {
                    "image": image,
                    "caption": "Two shores, one plan: support starts before the journey.",
                },
            ),
            ("heading", {"text": "Workshops in Europe", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Partners hold workshops with city councils, consulates and "
                    "migrant associations. Professionals learn what support exists "
                    "and who can receive it; people who are thinking about going back "
                    "get individual advice.</p>"
                ),
            ),
            (
                "quote",
                {
                    "text": "I saw it as an opportunity, and the One Stop Shop guided me.",
                    "attribution": "V.B., who returned to Brazil and started a business",
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Questions, suggestions or doubts?",
                    "text": "The programme team answers by email and shares what it "
                    "learns with everyone involved.",
                    "label": "Visit the programme's website",
                    "page": None,
                    "external_url": "http://www.oei.es/ventanillasunicas",
                },
            ),
        ],
    )
    home.add_child(instance=about)
    about.save_revision().publish()
    return about


def _heading(text: str):
    return ("heading", {"text": text, "level": "h2"})


def _paragraph(text: str):
    return ("paragraph", RichText(f"<p>{text}</p>"))


PRIVACY_BODY = [
    _heading("Who is responsible"),
    _paragraph(
        "This portal is run by the OSS II programme, led by the OEI with ACOBE, "
        "ICEI, FEDELATINA and ALCC. For anything about your data, write to the "
        "programme team at ventanillasunicas@oei.es."
    ),
    _heading("What we ask for, and why"),
    _paragraph(
        "Account: your email address and a password (kept only in a form that "
        "cannot be read back), and, if you give them, your name, organisation and "
        "role. They let you book seats and see, change and cancel your bookings."
    ),
    _paragraph(
        "Bookings: the number of seats and the names of the people attending, so "
        "that the organisers know who is coming. Only you and the coordinators of "
        "that workshop see them."
    ),
    _paragraph(
        "Newsletter: your email address, language, interests and when you agreed "
        "to receive it, to send you the newsletter you asked for and nothing else."
    ),
    _paragraph(
        "Questions form: what you write and, if you give them, your name, email "
        "address and country, to answer you. Only the programme's questions team "
        "reads them."
    ),
    _paragraph(
        "Search: the words typed in the search box, counted per day and not linked "
        "to anyone, to learn what people look for and cannot find."
    ),
    _paragraph(
        "Attendance certificates: the name of each person who attended a workshop, "
        "printed on their certificate with a code. Whoever checks the code learns "
        "only whether the certificate is genuine."
    ),
    _paragraph(
        "Referrals: when a professional refers you to the One Stop Shop of your "
        "country, your name or initials, email address, how you want to be "
        "contacted, your needs and their note. We first email you a link to see "
        "all of it; only if you agree does that One Stop Shop receive it, and you "
        "can withdraw at any time through the same link, which deletes your details."
    ),
    _heading("How long we keep it"),
    _paragraph(
        "Your account, until you delete it. The names and contact details of a "
        "booking, until 12 months after the workshop; only the number of people "
        "who attended is kept after that. Questions, 24 months. Newsletter "
        "subscriptions, until you leave; after that we keep only a scrambled form "
        "of the address, so that we never write to it again. Search words, 30 days."
    ),
    _paragraph(
        "Referrals: 30 days if you do not agree, otherwise 12 months after the "
        "One Stop Shop last updated them; when you withdraw, your details are "
        "deleted at once."
    ),
    _heading("Your rights"),
    _paragraph(
        "From your account you can download everything the site holds about you "
        "and delete your account, which also removes your bookings, your "
        "newsletter subscription and the questions you sent from your confirmed "
        "addresses. Every newsletter has a link to leave it. To see, correct or "
        "delete anything else, write to the programme team; you can also complain "
        "to the data protection authority of your country."
    ),
    _heading("Cookies"),
    _paragraph(
        "The site sets only the cookies it needs to work: one that keeps you "
        "signed in, one that protects forms against misuse, and one that remembers "
        "the language you chose. There are no analytics, advertising or "
        "third-party cookies, so the site does not ask for consent to cookies."
    ),
]


def ensure_privacy_notice(home: HomePage) -> StandardPage:
    """The privacy notice under the home page, chosen in the site's settings
    (made on an existing demo site too)."""
    privacy = StandardPage.objects.filter(locale=home.locale, slug="privacy").first()
    if privacy is None:
        privacy = StandardPage(
            title="Privacy notice",
            slug="privacy",
            introduction="What the portal asks of you, why, how long it keeps it, "
            "and how to see or delete it.",
            body=PRIVACY_BODY,
        )
        home.add_child(instance=privacy)
        privacy.save_revision().publish()
    for site_settings in SiteSettings.objects.filter(privacy_page__isnull=True):
        site_settings.privacy_page = privacy
        site_settings.save(update_fields=["privacy_page"])
    return privacy


def _partner_word_mark(image):
    """The demo word mark an existing partner logo was drawn from."""
    for order, data in enumerate(PARTNERS):
        if image.title == f"Demo: {data['acronym']} logo":
            return draw_word_mark(data["acronym"], order)
    raise ValueError(image.title)


def ensure_sharp_partner_logos() -> int:
    """Demo partner logos of an older demo site, drawn again at LOGO_HEIGHT."""
    titles = [f"Demo: {data['acronym']} logo" for data in PARTNERS]
    images = get_image_model().objects.filter(title__in=titles)
    return redraw_small_logos(images, _partner_word_mark)


def create_partners() -> list[Partner]:
    """The five partner organisations, each with a drawn word-mark logo."""
    locale = Locale.get_default()
    partners = []
    for order, data in enumerate(PARTNERS):
        logo = get_or_create_image(
            f"Demo: {data['acronym']} logo",
            data["name"],
            lambda text=data["acronym"], seed=order: draw_word_mark(text, seed),
            f"logo-{data['acronym'].lower()}.png",
        )
        partners.append(
            Partner.objects.create(
                locale=locale, logo=logo, sort_order=order * 10, **data
            )
        )
    return partners


def create_site_settings(site: Site) -> SiteSettings:
    """Contact email and the programme's website link."""
    return SiteSettings.objects.create(
        site=site,
        contact_email="ventanillasunicas@oei.es",
        social_links=[
            (
                "link",
                {"platform": "website", "url": "http://www.oei.es/ventanillasunicas"},
            )
        ],
    )


def load_last() -> None:
    """The questions form page, built after every section: last in the tree."""
    demo_questions.load()
