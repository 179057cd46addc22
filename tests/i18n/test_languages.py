"""One language choice, everywhere: content, listings, emails, search engines
and the returning visitor's language."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale, Page

from mailinglist import sending
from mailinglist.models import Campaign, Interest, Subscriber
from news.models import NewsIndexPage, NewsPage
from tests.i18n.gettext_probe import looked_up, untranslated
from workshops import services as bookings

LOCAL_NAMES = {
    "es": "Ventanillas Únicas",
    "pt": "Balcões Únicos",
    "it": "Sportelli Unici",
}
MAIN_PAGES = [
    "",
    "about/",
    "news/",
    "stories/",
    "countries/",
    "workshops/",
    "questions/",
]


def spanish() -> Locale:
    return Locale.objects.get(language_code="es")


def publish_translation(page, language: str, **changes):
    """``page``'s translation into ``language`` (made as the admin makes it),
    published with ``changes``."""
    locale = Locale.objects.get(language_code=language)
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in changes.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated.specific_class.objects.get(pk=translated.pk)


def article(title: str, slug: str) -> NewsPage:
    """A published English news article under the demo News index."""
    page = NewsPage(
        title=title,
        slug=slug,
        date=datetime.date(2030, 1, 1),
        listing_summary="Something happened.",
    )
    NewsIndexPage.objects.get(locale__language_code="en").add_child(instance=page)
    page.save_revision().publish()
    return page


def html(response) -> str:
    return response.content.decode()


# -- the demo content in every language ----------------------------------------


@pytest.mark.parametrize("language", ["es", "pt"])
@pytest.mark.parametrize("path", MAIN_PAGES)
def test_the_main_demo_pages_are_wholly_in_spanish_and_portuguese(
    client, demo_content, language, path
):
    response = client.get(f"/{language}/{path}")
    assert response.status_code == 200
    page = response.context["page"]
    assert page.locale.language_code == language
    # No part of the page is in another language (the switcher's "English"
    # apart), and no notice says so.
    body = html(response).split("</head>")[1]
    body = re.sub(r'<nav class="language-links".*?</nav>', "", body, flags=re.S)
    other = re.compile(rf'\slang="(?!{language}")[a-z]+"')
    assert other.findall(body) == []
    assert "untranslated-notice" not in body


@pytest.mark.parametrize(
    "model_label",
    ["news.NewsPage", "stories.SuccessStoryPage", "countries.CountryPage"],
)
@pytest.mark.parametrize("language", ["es", "pt"])
def test_every_demo_page_exists_in_spanish_and_portuguese(
    demo_content, model_label, language
):
    from django.apps import apps

    model = apps.get_model(model_label)
    english = set(
        model.objects.filter(locale__language_code="en").values_list(
            "translation_key", flat=True
        )
    )
    translated = set(
        model.objects.live()
        .filter(locale__language_code=language)
        .values_list("translation_key", flat=True)
    )
    assert english and english <= translated


def test_demo_translations_are_synced_translations_editors_can_update(demo_content):
    from wagtail_localize.models import Translation

    about = Page.objects.get(slug="about", locale__language_code="en")
    targets = set(
        Translation.objects.filter(
            source__object_id=about.translation_key, enabled=True
        ).values_list("target_locale__language_code", flat=True)
    )
    assert targets == {"es", "pt", "it"}


# -- a language's pages never disappear -----------------------------------------


def test_a_listing_keeps_every_article_when_one_is_translated(client, demo_content):
    translated = article("Translated one", "t-one")
    article("English only", "e-only")
    publish_translation(translated, "pt", title="Traduzido")

    body = html(client.get("/pt/news/"))

    assert "Traduzido" in body
    assert "Translated one" not in body
    assert "English only" in body
    card = body[body.index("English only") - 400 : body.index("English only") + 400]
    assert 'lang="en"' in card
    assert "Em inglês" in card
    # Every article of the English index is listed once, in one language.
    english_titles = NewsPage.objects.live().filter(locale__language_code="en").count()
    assert body.count('class="card__link"') == english_titles


def test_an_untranslated_page_says_so_in_the_readers_language(client, demo_content):
    article("Only English", "only-en")
    body = html(client.get("/es/news/only-en/"))
    assert "Esta página aún no está disponible en español." in body
    assert re.search(r'<main[^>]* lang="en"', body)


def test_translate_this_page_makes_a_draft_an_editor_cannot_publish(
    client, demo_content, make_standard_page
):
    """wagtail-localize's "Translate" action, as a translator (no publish rights:
    the "Translators" group of home/migrations/0008)."""
    from tests.factories import UserFactory

    page = make_standard_page(title="To translate", slug="to-translate")
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Translators"))
    client.force_login(editor)

    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [Locale.objects.get(language_code="it").pk]},
    )
    assert response.status_code == 302
    italian = Page.objects.get(
        translation_key=page.translation_key, locale__language_code="it"
    )
    assert not italian.live
    assert client.get("/it/to-translate/").context["page"].pk == page.pk

    # Publishing from the translation editor is refused to this editor.
    from wagtail_localize.models import Translation

    translation_record = Translation.objects.get(
        source__object_id=page.translation_key, target_locale__language_code="it"
    )
    edit = reverse("wagtailadmin_pages:edit", args=[italian.pk])
    response = client.post(edit, {"action": "publish"})
    italian.refresh_from_db()
    assert not italian.live
    assert translation_record.enabled


# -- emails in the person's language -------------------------------------------


def test_a_spanish_booking_gets_a_spanish_confirmation(
    demo_content, make_workshop, make_user, on_commit
):
    page = make_workshop(title="Retorno a Bolivia")
    with on_commit():
        bookings.book_seats(page, make_user(), language="es")
    (message,) = mail.outbox
    assert message.subject == "Reserva confirmada: Retorno a Bolivia"
    assert "Su lugar en “Retorno a Bolivia” está confirmado." in message.body
    assert "Booking" not in message.body
    assert "confirmed" not in message.body


def test_a_portuguese_subscriber_gets_a_portuguese_subject(demo_content):
    Subscriber.objects.all().delete()
    now = timezone.now()
    Subscriber.objects.create(
        email="leitora@example.org",
        language="pt",
        interests=[Interest.NEWS],
        status=Subscriber.Status.CONFIRMED,
        consent_text="sim",
        consent_version="1",
        consented_at=now,
        confirmed_at=now,
    )
    edition = NewsPage.objects.filter(locale__language_code="en", edition=3).first()
    sending.run_campaign(Campaign.objects.create(page=edition).pk)
    (message,) = mail.outbox
    assert message.subject == "Boletim dos Balcões Únicos, edição 3"
    assert "/pt/news/" in message.body


@pytest.mark.parametrize("language", ["es", "pt", "it"])
def test_account_emails_are_in_the_language_of_the_request(
    client, demo_content, make_user, on_commit, language
):
    """allauth's password reset, asked for under ``/<language>/``."""
    user = make_user(email=f"someone.{language}@example.org")
    with translation.override("en"):
        client.post(reverse("account_reset_password"), {"email": user.email})
    english = mail.outbox.pop().subject
    with translation.override(language):
        url = reverse("account_reset_password")
    with looked_up() as seen, on_commit():
        client.post(url, {"email": user.email})
    (message,) = mail.outbox
    assert message.subject != english
    assert untranslated(seen, language) == set()
    # The site's own name and address, not the request's Host.
    assert message.subject.startswith(f"[{LOCAL_NAMES[language]}] ")
    assert "127.0.0.1:8000" not in message.body.split("http")[0]
    if language == "pt":  # Brazilian, not European, Portuguese
        assert "senha" in message.body
        assert "palavra-passe" not in message.body


# -- search engines and returning visitors --------------------------------------


def test_hreflang_lists_exactly_the_live_translations(
    client, demo_content, make_standard_page
):
    page = make_standard_page(title="Alternates", slug="alternates")
    publish_translation(page, "es", title="Alternativas")
    draft = page.copy_for_translation(Locale.objects.get(language_code="pt"))
    draft.save_revision()  # a draft: never an alternate
    body = html(client.get("/en/alternates/"))
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', body)
    assert links == [
        ("en", "http://127.0.0.1:8000/en/alternates/"),
        ("es", "http://127.0.0.1:8000/es/alternates/"),
        ("x-default", "http://127.0.0.1:8000/en/alternates/"),
    ]


def test_a_page_without_translations_has_no_alternates(client, make_standard_page):
    make_standard_page(title="Alone", slug="alone")
    assert 'hreflang="' not in html(client.get("/en/alone/")).split("</head>")[0]


def test_the_canonical_of_a_spanish_page_is_its_own_address(client, demo_content):
    body = html(client.get("/es/about/"))
    assert '<link rel="canonical" href="http://127.0.0.1:8000/es/about/">' in body
    assert '<meta property="og:locale" content="es_LA">' in body
    assert '<html lang="es">' in body


def test_the_sitemap_lists_every_language_with_its_alternates(client, demo_content):
    body = html(client.get("/sitemap.xml"))
    for language in ("en", "es", "pt", "it"):
        assert f"<loc>http://127.0.0.1:8000/{language}/about/</loc>" in body
    about = body[body.index("<loc>http://127.0.0.1:8000/es/about/</loc>") :]
    about = about[: about.index("</url>")]
    assert re.findall(r'hreflang="([a-z]+)"', about) == ["en", "es", "pt", "it"]


def test_the_chosen_language_wins_over_accept_language_on_the_root(client, db):
    response = client.get("/language/es/?next=/en/about/")
    assert response.status_code == 302
    assert response["Location"] == "/es/about/"
    assert response.cookies["django_language"].value == "es"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/es/"


def test_without_a_choice_accept_language_decides(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9")
    assert response["Location"] == "/pt/"


@pytest.mark.parametrize(
    "target", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:x", ""]
)
def test_the_chooser_never_leaves_the_site(client, db, target):
    response = client.get("/language/it/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/it/"


def test_the_chooser_refuses_an_unknown_language(client, db):
    assert client.get("/language/fr/?next=/en/", follow=True).status_code == 404
    assert "django_language" not in client.cookies


def test_the_switcher_keeps_the_query_string_for_every_language(client, demo_content):
    body = html(client.get("/es/news/?tag=x&country=br"))
    targets = re.findall(r'class="language-links__link" href="([^"]+)"', body)
    assert len(targets) == 4
    for target in targets:
        assert "tag%3Dx%26country%3Dbr" in target


@pytest.mark.parametrize(
    "language, expected",
    [
        ("it", "lunedì 05 gennaio 2026 18:30"),
        ("es", "5 de enero de 2026 a las 18:30"),
        ("pt", "5 de janeiro de 2026 às 18:30"),
        ("en", "5 January 2026, 18:30"),
    ],
)
def test_dates_follow_each_languages_conventions(language, expected):
    """Lower-case month and day names in Italian, Spanish and Brazilian
    Portuguese (Django's Italian and Portuguese catalogues capitalise them),
    day first and 24-hour time in English."""
    from django.utils.formats import date_format

    moment = datetime.datetime(2026, 1, 5, 18, 30)
    with translation.override(language):
        assert date_format(moment, "DATETIME_FORMAT") == expected


# -- what a translation must not change or leak ------------------------------------


def test_featured_pages_follow_the_editors_order_in_a_preview(demo_content):
    """A preview holds the featured pages in memory, not in the database."""
    from home.models import HomePage, HomePageFeaturedPage

    home = HomePage.objects.get(locale__language_code="en")
    about = Page.objects.get(slug="about", locale__language_code="en")
    news = Page.objects.get(slug="news", locale__language_code="en")
    home.featured_pages = [
        HomePageFeaturedPage(page=news, sort_order=0),
        HomePageFeaturedPage(page=about, sort_order=1),
    ]
    with translation.override("es"):
        featured = home.get_featured_pages()
    assert [page.translation_key for page in featured] == [
        news.translation_key,
        about.translation_key,
    ]
    assert {page.locale.language_code for page in featured} == {"es"}


def test_an_edition_sent_from_a_translated_article_keeps_every_article(demo_content):
    from mailinglist.emails import email_items

    english = NewsPage.objects.live().filter(locale__language_code="en", edition=3)
    extra = article("Only in English, same edition", "extra-edition-3")
    extra.edition = 3
    extra.save_revision().publish()
    spanish = NewsPage.objects.get(
        translation_key=english.first().translation_key, locale__language_code="es"
    )
    with translation.override("pt"):
        items, edition = email_items(spanish)
    assert edition == 3
    assert {page.translation_key for page in items} == set(
        english.values_list("translation_key", flat=True)
    ) | {extra.translation_key}
    assert len(items) == len({page.translation_key for page in items})


def test_a_story_marked_sensitive_in_one_language_is_hidden_in_all(
    client, demo_content
):
    from stories.models import SuccessStoryPage

    english = SuccessStoryPage.objects.get(locale__language_code="en", initials="V.B.")
    spanish = SuccessStoryPage.objects.get(
        translation_key=english.translation_key, locale__language_code="es"
    )
    assert spanish.url in html(client.get("/sitemap.xml"))
    english.is_sensitive = True
    english.save_revision().publish()

    assert spanish.url not in html(client.get("/sitemap.xml"))
    assert spanish.title not in html(client.get("/es/stories/feed/"))
    body = html(client.get(spanish.url))
    assert '<meta name="robots" content="noindex">' in body
    assert 'property="og:' not in body
    assert 'hreflang="' not in body.split("</head>")[0]


def test_where_a_forms_answers_go_is_the_same_in_every_language():
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    from home.models import FormPage, Partner

    def synchronised(model):
        return {
            field.field_name
            for field in get_translatable_fields(model)
            if isinstance(field, SynchronizedField)
        }

    assert {"to_address", "from_address"} <= synchronised(FormPage)
    assert "acronym" in synchronised(Partner)


def test_the_footer_shows_the_default_texts_translation_in_every_language(
    client, demo_content
):
    """A second footer text and its translation never replace the first one
    in one language only."""
    from home.models import FooterText

    first = FooterText.objects.get(locale=Locale.get_default())
    second = FooterText.objects.create(locale=Locale.get_default(), text="Second.")
    second_es = second.copy_for_translation(spanish())
    second_es.text = "Segundo."
    second_es.save()
    FooterText.objects.filter(
        translation_key=first.translation_key, locale=spanish()
    ).delete()
    assert first.text in html(client.get("/en/"))
    # No Spanish translation of the first text: the English one, marked so.
    body = html(client.get("/es/"))
    assert f'<p lang="en">{first.text}</p>' in body
    assert "Segundo." not in body


def test_the_demo_loader_translates_only_what_the_public_sees(english_only):
    from wagtail_localize.models import Translation

    from home import demo_translations

    Translation.objects.all().delete()
    about = Page.objects.get(slug="about", locale__language_code="en")
    about.unpublish()
    demo_translations.load(("es",))
    assert Page.objects.filter(depth=2, locale__language_code="es").exists()
    assert not Page.objects.filter(
        translation_key=about.translation_key, locale__language_code="es"
    ).exists()


def test_an_untranslated_page_sits_in_the_readers_sections(client, demo_content):
    """Breadcrumbs and the menu's current section in the visitor's language."""
    article("Only English here", "only-english-here")
    body = html(client.get("/es/news/only-english-here/"))
    crumbs = body[body.index('class="breadcrumbs"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert '<a href="/es/news/">Noticias</a>' in crumbs
    assert ">News<" not in crumbs
    menu = body[body.index('class="main-menu"') :]
    menu = menu[: menu.index("</nav>")]
    assert re.search(r'href="/es/news/" aria-current="true">Noticias<', menu)
