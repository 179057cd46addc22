"""Deleting an account or exporting its data covers everything the site holds
about the person: also their newsletter subscription and the questions they
sent, found by the addresses they verified."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

import home.demo_questions
from mailinglist.models import Subscriber, Suppression, email_digest

from .test_delete import DELETE
from .test_export import EXPORT

pytestmark = pytest.mark.django_db

OTHER = "someone.else@example.org"


@pytest.fixture
def questions_page(home_page):
    return home.demo_questions.load()


def subscribe(email: str, **fields) -> Subscriber:
    return Subscriber.objects.create(
        email=email,
        language="es",
        interests=["news"],
        status=Subscriber.Status.CONFIRMED,
        confirmed_at=timezone.now(),
        consent_text="I agree",
        consent_version="2026-11",
        **fields,
    )


def ask(page, email: str, message: str) -> FormSubmission:
    return FormSubmission.objects.create(
        page=page, form_data={"name": "Ana", "email": email, "message": message}
    )


@pytest.fixture
def unverified_address(booker) -> str:
    """Someone else's address, typed into the booker's account, never proven."""
    EmailAddress.objects.create(user=booker, email=OTHER, verified=False)
    return OTHER


def test_delete_ends_the_newsletter_subscription_and_keeps_a_suppression(
    reauthenticated, booker
):
    subscribe("Booker@Example.org")  # the address, as typed when subscribing
    subscribe("reader@example.org")
    reauthenticated.post(DELETE, {"confirm": "on"})
    assert not Subscriber.objects.filter(email__iexact="booker@example.org").exists()
    assert Subscriber.objects.filter(email="reader@example.org").exists()
    assert Suppression.objects.filter(
        email_hash=email_digest("booker@example.org")
    ).exists()


def test_delete_removes_the_questions_sent_from_my_addresses(
    reauthenticated, booker, questions_page
):
    ask(questions_page, "BOOKER@example.org", "Mine")
    ask(questions_page, "reader@example.org", "Theirs")
    reauthenticated.post(DELETE, {"confirm": "on"})
    assert [s.form_data["message"] for s in FormSubmission.objects.all()] == ["Theirs"]


def test_delete_leaves_what_an_unverified_address_holds(
    reauthenticated, unverified_address, questions_page
):
    """Typing someone's address into one's account must not end their
    subscription nor delete their questions."""
    subscribe(unverified_address)
    ask(questions_page, unverified_address, "Not the booker's")
    reauthenticated.post(DELETE, {"confirm": "on"})
    assert Subscriber.objects.filter(email=unverified_address).exists()
    assert FormSubmission.objects.count() == 1


def test_the_delete_page_says_subscription_and_questions_go(reauthenticated):
    page = reauthenticated.get(DELETE).content.decode()
    assert "newsletter" in page
    assert "questions you sent" in page


def test_export_contains_my_subscription_and_questions(
    logged_in, booker, questions_page
):
    subscribe("booker@example.org", countries=["PE"])
    ask(questions_page, "booker@example.org", "Is there a workshop in Bilbao?")
    subscribe("reader@example.org")
    ask(questions_page, "reader@example.org", "Someone else's question")
    response = logged_in.get(EXPORT)
    data = json.loads(response.content)
    [subscription] = data["newsletter_subscriptions"]
    assert subscription["email"] == "booker@example.org"
    assert subscription["countries"] == ["PE"]
    assert subscription["status"] == "confirmed"
    assert subscription["consent_text"] == "I agree"
    [question] = data["questions_sent"]
    assert question["form"] == questions_page.title
    assert "Is there a workshop in Bilbao?" in question["answers"].values()
    assert "reader@example.org" not in response.content.decode()
    assert "Someone else's question" not in response.content.decode()


def test_export_leaves_out_what_an_unverified_address_holds(
    logged_in, unverified_address, questions_page
):
    subscribe(unverified_address)
    ask(questions_page, unverified_address, "Private question")
    data = json.loads(logged_in.get(EXPORT).content)
    assert data["newsletter_subscriptions"] == []
    assert data["questions_sent"] == []


def test_delete_finds_questions_under_any_email_field_name(
    reauthenticated, booker, questions_page
):
    """A label an editor wrote can make a name a JSON key path would misread."""
    from home.models import FormField

    field = FormField.objects.create(
        page=questions_page, label="Your e-mail (_private_)", field_type="email"
    )
    assert "__" in field.clean_name
    FormSubmission.objects.create(
        page=questions_page, form_data={field.clean_name: "booker@example.org"}
    )
    FormSubmission.objects.create(  # the same name elsewhere is not an address
        page=home.demo_questions.load(), form_data={"message": "booker@example.org"}
    )
    reauthenticated.post(DELETE, {"confirm": "on"})
    assert list(FormSubmission.objects.values_list("form_data", flat=True)) == [
        {"message": "booker@example.org"}
    ]
