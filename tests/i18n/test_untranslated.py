"""Every page type, form, error page and email in Spanish, Portuguese and
Italian: no interface message comes out in English.

What is rendered is the demo site as `make run` builds it (its pages in each
language), the forms with their errors, the error pages, and every email the
site sends, each in the language the person used. ``gettext_probe`` records
each message looked up meanwhile and the answer given.
"""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, get_page_models

from countries.models import CountryPage
from home.management.commands.load_demo_content import project_apps
from home.models import FormPage
from mailinglist import services as newsletter
from mailinglist.models import Campaign, Interest, Subscriber
from news.models import NewsIndexPage
from referrals import services as referrals
from referrals.models import OneStopShopTeam, Referral
from tests.i18n.gettext_probe import looked_up, untranslated
from tests.workshop_fixtures import book_url, republish, translate
from workshops import services as bookings
from workshops.models import WorkshopPage

LANGUAGES = ("es", "pt", "it")
PASSWORD = "a long and unusual passphrase 42"


def project_page_models() -> list[type[Page]]:
    apps = set(project_apps())
    return [model for model in get_page_models() if model._meta.app_label in apps]


def page_in(model, language: str) -> Page:
    """A live page of ``model`` in ``language`` if there is one, else in the
    default language (served under ``language``'s prefix)."""
    pages = model.objects.live().order_by("path")
    return (
        pages.filter(locale__language_code=language).first()
        or pages.filter(locale=Locale.get_default()).first()
    )


def address(page: Page, language: str) -> str:
    with translation.override(language):
        return re.sub(r"^/[a-z]{2}/", f"/{language}/", page.get_url())


def get(client: Client, url: str, status: int = 200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, url
    return response


def post(client: Client, url: str, data: dict, status: int = 200, **kwargs):
    response = client.post(url, data, **kwargs)
    assert response.status_code == status, url
    return response


def render_every_page_type(client: Client, language: str) -> set[type]:
    """Each page type, and the routes and filters of the listings."""
    rendered = set()
    for model in project_page_models():
        page = page_in(model, language)
        assert page is not None, f"no {model.__name__} in the demo content"
        url = address(page, language)
        get(client, url)
        rendered.add(model)
        if model._meta.label == "news.NewsIndexPage":
            get(client, f"{url}?tag=nothing&country=zz&year=1&edition=x")
        if model._meta.label == "workshops.WorkshopIndexPage":
            get(client, f"{url}past/")
            get(client, f"{url}?city=Nowhere&month=13-2026")
        if model._meta.label == "stories.StoryIndexPage":
            get(client, f"{url}?theme=nothing&country=zz")
        if model._meta.label == "countries.CountryPage":
            get(client, f"{url}?need=training")
            get(client, f"{url}?need=nothing")
        if model._meta.label == "countries.FindHelpPage":
            get(client, f"{url}?country=BR&need=training")
            get(client, f"{url}?country=ZZ&need=nothing")
        if model._meta.label == "home.FormPage":
            # The form's errors, then an answer (its acknowledgement email).
            post(client, url, {"email": "not an address"}, status=400)
    return rendered


def render_site_pages(client: Client, language: str) -> None:
    """Search, the newsletter, the account pages, the error pages."""
    get(client, f"/{language}/search/")
    get(client, f"/{language}/search/?q=return")
    get(client, f"/{language}/search/?q=zzzzzz")
    get(client, f"/{language}/search/?q=brasil&country=BR&kind=countries")
    get(client, f"/{language}/search/?q=brasil&country=ZZ&kind=nothing", status=400)
    get(client, f"/{language}/search/suggest/?q=bra")
    get(client, f"/{language}/newsletter/")
    post(client, f"/{language}/newsletter/", {"email": "no"}, status=400)
    get(client, f"/{language}/newsletter/check-your-inbox/")
    get(client, f"/{language}/newsletter/confirm/not-a-token/", status=400)
    get(client, f"/{language}/this-page-does-not-exist/", status=404)
    get(client, f"/{language}/", status=400, HTTP_HOST="not-this-site.example")
    post(
        Client(enforce_csrf_checks=True),
        f"/{language}/accounts/login/",
        {"login": "a@example.org", "password": "x"},
        status=403,
    )
    for name in (
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_email_verification_sent",
    ):
        with translation.override(language):
            url = reverse(name)
        get(client, url)
    with translation.override(language):
        post(
            client,
            reverse("account_login"),
            {"login": "x@example.org", "password": "no"},
        )
        post(client, reverse("account_signup"), {"email": "x", "password1": "a"})


def render_account_and_booking(client: Client, language: str, make_user) -> None:
    """A signed-in person's pages, the booking form and its errors."""
    user = make_user(preferred_language=language)
    client.force_login(user)
    workshop = page_in(WorkshopPage, language)
    upcoming = (
        WorkshopPage.objects.live()
        .filter(starts_at__gt=dt.datetime.now(dt.UTC), locale__language_code=language)
        .first()
    ) or workshop
    get(client, address(upcoming, language))
    post(client, book_url(upcoming, language), {"seats": "0"}, status=400)
    with translation.override(language):
        for name in ("accounts:profile", "accounts:bookings", "accounts:delete"):
            get(client, reverse(name), follow=True)  # deleting asks the password
        get(client, reverse("account_email"))
        get(client, reverse("account_change_password"))
    client.logout()


def render_referrals(client: Client, language: str, make_user, on_commit) -> int:
    """A professional's referral pages and errors, the person's consent page,
    and the three referral emails (to the person, then to a team that reads
    ``language``); how many emails."""
    sent_before = len(mail.outbox)
    CountryPage.objects.filter(country_id="BR").update(email="oss@example.org")
    OneStopShopTeam.objects.filter(country_id="BR").update(language=language)
    client.force_login(make_user(preferred_language=language))
    get(client, f"/{language}/referrals/new/")  # the profile comes first
    client.force_login(
        make_user(preferred_language=language, organisation="ONG", job_role="x")
    )
    get(client, f"/{language}/referrals/new/")
    person = {
        "person_name": "R. M.",
        "person_email": f"person.{language}@example.org",
        "language": language,
        "contact_method": "phone",
        "phone": "",
        "country": "ZZ",
        "needs": ["nothing"],
    }
    post(client, f"/{language}/referrals/new/", person, status=400)
    with on_commit():
        post(
            client,
            f"/{language}/referrals/new/",
            {**person, "phone": "+55 11 1234 5678", "country": "BR", "needs": []},
            status=303,
        )
    get(client, f"/{language}/referrals/")
    client.logout()
    referral = Referral.objects.get(person_email=person["person_email"])
    consent = urlsplit(referrals.consent_url(referral)).path
    get(client, consent)
    post(client, consent, {"action": "nothing"}, status=400)
    with on_commit():
        post(client, consent, {"action": "confirm"}, status=303)
    get(client, consent)
    with on_commit():
        post(client, consent, {"action": "withdraw"}, status=303)
    get(client, consent)
    get(client, f"/{language}/referrals/consent/not-a-link/", status=404)
    return len(mail.outbox) - sent_before


def send_every_email(language: str, make_user, make_workshop, on_commit) -> int:
    """Every email the site sends, to a person who uses ``language``."""
    sent_before = len(mail.outbox)
    # Booking emails: confirmed, waiting list, cancelled, promoted, changed,
    # reminder, workshop cancelled and reinstated.
    page = make_workshop(starts_in=dt.timedelta(hours=12), capacity=1)
    page = translate(page, language, title=f"Taller {language}")
    first, waiting = make_user(), make_user()
    with on_commit():
        confirmed = bookings.book_seats(page, first, language=language)
    with on_commit():
        bookings.book_seats(page, waiting, language=language)
    with on_commit():
        bookings.cancel_booking(confirmed, by=first)
    with on_commit():
        page = republish(page, venue="Sala 2")
    with on_commit():
        bookings.queue_reminders()
    with on_commit():
        page = republish(page, is_cancelled=True)
    with on_commit():
        republish(page, is_cancelled=False)
    # The newsletter: confirmation, its page, welcome, manage and leave pages,
    # a campaign and its test copy.
    client = Client()
    address_of_reader = f"reader.{language}@example.org"
    with on_commit(), translation.override(language):
        newsletter.subscribe(
            address_of_reader,
            language=language,
            interests=[Interest.NEWS],
            consent_text="yes",
        )
    subscriber = Subscriber.objects.get(email=address_of_reader)
    confirm = urlsplit(newsletter.confirm_url(subscriber)).path
    get(client, confirm)
    with on_commit():
        post(client, confirm, {})  # the "you are subscribed" page
    subscriber.refresh_from_db()
    get(client, urlsplit(newsletter.manage_url(subscriber)).path)
    get(client, urlsplit(newsletter.unsubscribe_url(subscriber)).path)
    Subscriber.objects.exclude(pk=subscriber.pk).delete()
    campaign = Campaign.objects.create(page=NewsIndexPage.objects.first())
    with on_commit():
        newsletter.start_campaign(campaign)
    newsletter.send_test_email(campaign, "editor@example.org", language=language)
    # A question's acknowledgement and the team's copy.
    form_page = page_in(FormPage, language)
    with on_commit():
        post(
            client,
            address(form_page, language),
            _question_answers(form_page, language),
        )
    # The account emails: address verification and password reset.
    with on_commit(), translation.override(language):
        post(
            client,
            reverse("account_signup"),
            {
                "email": f"new.{language}@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            status=302,
        )
        post(
            client,
            reverse("account_reset_password"),
            {"email": f"new.{language}@example.org"},
            status=302,
        )
    return len(mail.outbox) - sent_before


def _question_answers(form_page, language: str) -> dict:
    """A valid answer to the questions form, whatever its choices' language."""
    answers = {}
    form = form_page.specific.get_form(page=form_page.specific, user=None)
    for name, field in form.fields.items():
        if name == "email":
            answers[name] = f"asker.{language}@example.org"
        elif getattr(field, "choices", None):
            answers[name] = [value for value, _label in field.choices if value][0]
        elif getattr(field.widget, "input_type", "") == "checkbox":
            answers[name] = "on"
        elif name != "homepage_url":
            answers[name] = "Hola"
    return answers


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_the_site_shows_or_sends_comes_out_in_english(
    language, demo_content, make_user, make_workshop, on_commit, settings
):
    settings.FORM_RATE_LIMITS = {}
    client = Client()
    with looked_up() as seen:
        rendered = render_every_page_type(client, language)
        render_site_pages(client, language)
        render_account_and_booking(client, language, make_user)
        emails = send_every_email(language, make_user, make_workshop, on_commit)
        referral_emails = render_referrals(client, language, make_user, on_commit)
    assert rendered == set(project_page_models())
    assert emails >= 12
    assert referral_emails == 3
    english = sorted(untranslated(seen, language), key=str)
    assert not english, "in English:\n" + "\n".join(map(repr, english))
