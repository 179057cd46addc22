"""Subscribing to the newsletter in a real browser: footer form, email link, confirm.

The live server runs in this process, so the confirmation email lands in
Django's locmem outbox (``mail.outbox``), where the test reads the link.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect

from mailinglist import services, tokens
from mailinglist.models import Subscriber

from .helpers import DESKTOP, PHONE, assert_no_serious_axe_violations

CONFIRM_LINK = re.compile(r"https?://\S+?(/[a-z]{2}/newsletter/confirm/[^/\s]+/)")
MANAGE_LINK = re.compile(r"https?://\S+?(/[a-z]{2}/newsletter/manage/[^/\s]+/)")


@pytest.fixture(autouse=True)
def fresh_limits_and_outbox():
    """Rate-limit counters (in the cache) and the outbox start empty."""
    cache.clear()
    mail.outbox = []
    yield
    cache.clear()


@pytest.fixture
def demo_site(demo_site):
    """The demo site without its demo subscribers: each test starts the list empty."""
    Subscriber.objects.all().delete()
    return demo_site


def footer_form(page: Page):
    return page.get_by_role("contentinfo").get_by_role("region", name="Newsletter")


def confirmation_path(address: str) -> str:
    """The path of the confirmation link emailed to ``address``."""
    messages = [message for message in mail.outbox if address in message.to]
    assert len(messages) == 1, [message.to for message in mail.outbox]
    match = CONFIRM_LINK.search(messages[0].body)
    assert match, messages[0].body
    return match.group(1)


def test_footer_subscription_is_confirmed_from_the_email_link(demo_site, page):
    page.goto(f"{demo_site}/en/about/")
    footer = footer_form(page)
    footer.get_by_label("Email address", exact=True).fill("ana@example.org")
    footer.get_by_label(re.compile("^I agree")).check()
    footer.get_by_role("button", name="Subscribe").click()

    expect(page).to_have_url(f"{demo_site}/en/newsletter/check-your-inbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    path = confirmation_path("ana@example.org")
    page.goto(f"{demo_site}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Confirm your subscription"
    )
    # Opening the link (as a mail scanner would) confirms nothing.
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    page.get_by_role("button", name="Confirm my subscription").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Subscription confirmed")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert (subscriber.language, subscriber.interests) == ("en", ["news"])

    page.get_by_role("link", name="Change language or interests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your newsletter choices")
    expect(page.get_by_label("Language of the emails")).to_have_value("en")
    assert_no_serious_axe_violations(page)


def test_full_form_shows_errors_then_subscribes_with_options(demo_site, desktop_page):
    page = desktop_page
    page.goto(f"{demo_site}/en/")
    footer_form(page).get_by_role("link", name="More options").click()
    expect(page).to_have_url(f"{demo_site}/en/newsletter/")
    assert_no_serious_axe_violations(page)

    page.get_by_label("Email address", exact=True).fill("not-an-address")
    page.get_by_label("Workshops in my country of residence").check()
    page.get_by_role("button", name="Subscribe").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Enter an email address like name@example.org.")
    expect(alert).to_contain_text("Tick the box to agree")
    expect(alert).to_contain_text("Choose the country where you live")
    expect(page.get_by_label("Email address", exact=True)).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(
        page.get_by_label("Email address", exact=True)
    ).to_have_accessible_description("Enter an email address like name@example.org.")
    assert not Subscriber.objects.exists()
    assert_no_serious_axe_violations(page)
    page.set_viewport_size(PHONE)
    assert_no_serious_axe_violations(page)
    page.set_viewport_size(DESKTOP)

    # The summary's link takes the keyboard to the field.
    alert.get_by_role("link", name=re.compile("Enter an email address")).click()
    expect(page.get_by_label("Email address", exact=True)).to_be_focused()

    page.get_by_label("Email address", exact=True).fill("bea@example.org")
    expect(page.get_by_label("Language of the emails")).to_have_value("en")
    page.get_by_label("Language of the emails").select_option("pt")
    page.get_by_label("Country where you live (optional)").select_option("IT")
    page.get_by_label("Peru").check()
    page.get_by_label(re.compile("^I agree")).check()
    page.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.language == "pt"
    assert sorted(subscriber.interests) == ["news", "workshops"]
    assert (subscriber.residence_country, subscriber.countries) == ("IT", ["PE"])
    # The email, and its link, are in the language chosen.
    assert confirmation_path("bea@example.org").startswith("/pt/newsletter/confirm/")


def test_unsubscribe_button_works_without_javascript(demo_site, new_context):
    subscriber = Subscriber.objects.create(
        email="carla@example.org",
        status=Subscriber.Status.CONFIRMED,
        interests=["news"],
        consent_text="I agree.",
        consent_version=services.CONSENT_VERSION,
    )
    token = tokens.make_token(subscriber, "unsubscribe")
    page = new_context(java_script_enabled=False).new_page()

    page.goto(f"{demo_site}/en/newsletter/unsubscribe/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Leave the newsletter")
    page.get_by_role("button", name="Unsubscribe").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You have left the list")
    assert not Subscriber.objects.filter(email="carla@example.org").exists()


def test_welcome_email_after_confirming_carries_a_working_manage_link(demo_site, page):
    page.goto(f"{demo_site}/es/newsletter/")
    page.get_by_label("Correo electrónico", exact=True).fill("dora@example.org")
    page.get_by_label(re.compile("^Acepto")).check()
    page.get_by_role("button", name="Suscribirse").click()
    expect(page).to_have_url(f"{demo_site}/es/newsletter/check-your-inbox/")

    confirm = confirmation_path("dora@example.org")
    for _click in range(2):  # the same link twice: one welcome
        page.goto(f"{demo_site}{confirm}")
        page.get_by_role("button", name="Confirmar mi suscripción").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Suscripción confirmada"
        )

    received = [m for m in mail.outbox if m.to == ["dora@example.org"]]
    assert len(received) == 2, [m.subject for m in received]
    welcome = received[1]
    assert welcome.subject == (
        "Le damos la bienvenida al boletín de las Ventanillas Únicas"
    )
    manage = MANAGE_LINK.search(welcome.body)
    assert manage, welcome.body
    assert manage.group(1).startswith("/es/newsletter/manage/")

    page.goto(f"{demo_site}{manage.group(1)}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sus preferencias del boletín"
    )
    expect(page.get_by_text("dora@example.org")).to_be_visible()
    assert_no_serious_axe_violations(page)
