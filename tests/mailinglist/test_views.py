"""The public newsletter pages over HTTP: subscribe, confirm, unsubscribe, manage.

The rules behind them (tokens, idempotence, suppression) are tested in
test_services.py; these tests check what a visitor or a mail client sees and
that a refused request changes nothing.
"""

import re
import time
from http import HTTPStatus

import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from home.spam import HONEYPOT_FIELD
from mailinglist import services, tokens
from mailinglist.forms import CONSENT_TEXT
from mailinglist.models import Subscriber, Suppression, email_digest

pytestmark = pytest.mark.django_db

SUBSCRIBE_URL = "/en/newsletter/"
CHECK_INBOX_URL = "/en/newsletter/check-your-inbox/"
ONE_CLICK_BODY = "List-Unsubscribe=One-Click"


@pytest.fixture(autouse=True)
def empty_rate_limits():
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def subscribe_data(**overrides) -> dict:
    data = {
        "email": "ana@example.org",
        "language": "es",
        "interests": ["news"],
        "residence_country": "",
        "countries": [],
        "consent": "on",
        HONEYPOT_FIELD: "",
    }
    data.update(overrides)
    return data


def add_subscriber(email="ana@example.org", *, confirmed=True, **fields) -> Subscriber:
    """A subscriber row as the services leave it (fixture data, not a rule)."""
    fields.setdefault("interests", ["news"])
    return Subscriber.objects.create(
        email=email,
        status=Subscriber.Status.CONFIRMED if confirmed else Subscriber.Status.PENDING,
        confirmed_at=timezone.now() if confirmed else None,
        consent_text="I agree.",
        consent_version=services.CONSENT_VERSION,
        **fields,
    )


def link(purpose: str, subscriber: Subscriber, language: str = "en") -> str:
    return f"/{language}/newsletter/{purpose}/{tokens.make_token(subscriber, purpose)}/"


def tampered(url: str) -> str:
    """The same link with one character of its signature changed."""
    head, last = url.rstrip("/")[:-1], url.rstrip("/")[-1]
    return f"{head}{'A' if last != 'A' else 'B'}/"


def expired_confirm_link(subscriber: Subscriber, monkeypatch) -> str:
    """A genuine confirmation link signed eight days ago."""
    eight_days_ago = int(time.time()) - 8 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(
            signing.TimestampSigner,
            "timestamp",
            lambda self: signing.b62_encode(eight_days_ago),
        )
        return link("confirm", subscriber)


def snapshot(subscriber: Subscriber) -> dict:
    """Everything about a subscriber a refused request must leave as it was."""
    row = Subscriber.objects.filter(pk=subscriber.pk).values().first()
    row.pop("updated_at", None)
    return row


def post_subscribe(client, url=SUBSCRIBE_URL, **overrides):
    return client.post(url, subscribe_data(**overrides))


# --- Subscribe -------------------------------------------------------------------


def test_subscribe_page_shows_the_full_form(client):
    response = client.get(SUBSCRIBE_URL)

    assert response.status_code == HTTPStatus.OK
    for name in ("email", "language", "interests", "residence_country", "countries"):
        assert f'name="{name}"' in response.content.decode()
    assert 'name="consent"' in response.content.decode()
    assert str(CONSENT_TEXT) in response.content.decode()


def test_subscribe_page_preselects_the_page_language(client):
    response = client.get("/it/newsletter/")

    assert response.context["form"]["language"].value() == "it"
    assert re.search(r'<option value="it" lang="it" selected>', response.text)


def test_subscribe_valid_post_redirects_to_check_inbox_with_303(client):
    response = post_subscribe(client)

    assert response.status_code == HTTPStatus.SEE_OTHER
    assert response["Location"] == CHECK_INBOX_URL


def test_subscribe_valid_post_records_a_pending_subscriber_with_choices(client):
    post_subscribe(
        client,
        email="Ana@Example.org",
        language="pt",
        interests=["news", "workshops"],
        residence_country="PT",
        countries=["BR", "PE"],
    )

    subscriber = Subscriber.objects.get()
    assert subscriber.email.lower() == "ana@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.language == "pt"
    assert sorted(subscriber.interests) == ["news", "workshops"]
    assert subscriber.residence_country == "PT"
    assert sorted(subscriber.countries) == ["BR", "PE"]


def test_subscribe_stores_the_consent_wording_shown_and_its_version(client):
    page = client.get(SUBSCRIBE_URL).text
    shown = re.search(
        r'<label for="newsletter-consent">(.*?)</label>', page, re.S
    ).group(1)

    post_subscribe(client)

    subscriber = Subscriber.objects.get()
    assert subscriber.consent_text == shown
    assert subscriber.consent_version == services.CONSENT_VERSION


def test_subscribe_emails_a_confirmation_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_subscribe(client)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert re.search(r"/newsletter/confirm/[^/\s]+/", mail.outbox[0].body)


def test_subscribe_from_the_footer_form_gets_page_language_and_news(client):
    client.post(
        "/es/newsletter/",
        {"email": "ana@example.org", "consent": "on", HONEYPOT_FIELD: ""}
        | {"language": "es", "interests": "news"},
    )

    subscriber = Subscriber.objects.get()
    assert (subscriber.language, subscriber.interests) == ("es", ["news"])


def test_subscribe_without_language_field_uses_the_page_language(client):
    data = subscribe_data()
    del data["language"]

    client.post("/pt/newsletter/", data)

    assert Subscriber.objects.get().language == "pt"


def test_subscribe_without_consent_is_400_and_stores_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_subscribe(client, consent="")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Tick the box to agree" in response.text
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_subscribe_with_a_bad_email_is_400_and_stores_nothing(client):
    response = post_subscribe(client, email="not-an-address")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Enter an email address like name@example.org." in response.text
    assert not Subscriber.objects.exists()


def test_subscribe_with_workshops_but_no_residence_is_400(client):
    response = post_subscribe(client, interests=["workshops"])

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Choose the country where you live" in response.text
    assert not Subscriber.objects.exists()


def test_subscribe_error_is_tied_to_its_field(client):
    response = post_subscribe(client, email="nope")

    html = response.text
    assert re.search(
        r'<input type="email"[^>]*aria-invalid="true"[^>]*'
        r'aria-describedby="newsletter-email_error"',
        html,
    )
    assert 'id="newsletter-email_error"' in html
    # The summary at the top links to the field.
    assert '<a href="#newsletter-email">' in html
    assert response.context["form"]["email"].value() == "nope"


def test_subscribe_error_page_title_says_error(client):
    response = post_subscribe(client, consent="")

    assert re.search(r"<title>Error: Newsletter", response.text)


def test_subscribe_filled_honeypot_looks_like_success(client):
    response = post_subscribe(client, **{HONEYPOT_FIELD: "https://cheap.example"})

    assert response.status_code == HTTPStatus.SEE_OTHER
    assert response["Location"] == CHECK_INBOX_URL


def test_subscribe_filled_honeypot_stores_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_subscribe(client, **{HONEYPOT_FIELD: "https://cheap.example"})

    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_subscribe_filled_honeypot_with_invalid_fields_still_looks_like_success(
    client,
):
    response = post_subscribe(client, **{HONEYPOT_FIELD: "x"}, email="bad", consent="")

    assert response.status_code == HTTPStatus.SEE_OTHER
    assert not Subscriber.objects.exists()


def test_subscribe_post_needs_no_csrf_token_or_cookie():
    """The footer form has no token, so pages that carry it stay cacheable."""
    response = Client(enforce_csrf_checks=True).post(SUBSCRIBE_URL, subscribe_data())

    assert response.status_code == HTTPStatus.SEE_OTHER
    assert Subscriber.objects.count() == 1


@pytest.mark.parametrize("status", ["pending", "confirmed"])
def test_subscribe_answer_is_the_same_for_a_known_address(client, status):
    new = post_subscribe(client, email="new@example.org")
    add_subscriber("known@example.org", confirmed=status == "confirmed")
    known = post_subscribe(client, email="known@example.org")

    assert (known.status_code, known["Location"], known.content) == (
        new.status_code,
        new["Location"],
        new.content,
    )
    assert sorted(known.headers) == sorted(new.headers)


@pytest.mark.parametrize("status", ["pending", "confirmed"])
def test_check_inbox_page_is_the_same_for_a_known_address(client, status):
    post_subscribe(client, email="new@example.org")
    new_page = client.get(CHECK_INBOX_URL)
    add_subscriber("known@example.org", confirmed=status == "confirmed")
    post_subscribe(client, email="known@example.org")
    known_page = client.get(CHECK_INBOX_URL)

    assert known_page.status_code == new_page.status_code == HTTPStatus.OK
    assert known_page.content == new_page.content


def test_check_inbox_page_says_to_look_for_the_email(client):
    response = client.get(CHECK_INBOX_URL)

    assert response.status_code == HTTPStatus.OK
    assert "Check your inbox" in response.text
    assert "noindex" in response.text


def subscribe_limit() -> int:
    rate = settings.FORM_RATE_LIMITS["newsletter_subscribe"]
    return int(rate.split("/")[0])


def test_subscribe_rate_limit_answers_429_after_the_limit(client):
    for number in range(subscribe_limit()):
        response = post_subscribe(client, email=f"person{number}@example.org")
        assert response.status_code == HTTPStatus.SEE_OTHER

    response = post_subscribe(client, email="one-more@example.org")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many attempts, try again later." in response.text
    assert int(response["Retry-After"]) > 0
    # What was typed comes back, to send once the wait is over.
    assert 'value="one-more@example.org"' in response.text
    assert "What you wrote is kept below" in response.text


def test_subscribe_over_the_rate_limit_stores_nothing(client):
    for number in range(subscribe_limit()):
        post_subscribe(client, email=f"person{number}@example.org")

    post_subscribe(client, email="one-more@example.org")

    assert not Subscriber.objects.filter(email="one-more@example.org").exists()


def test_subscribe_rate_limit_counts_invalid_attempts_too(client):
    for _number in range(subscribe_limit()):
        post_subscribe(client, email="bad")

    assert post_subscribe(client).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_subscribe_rate_limit_is_per_ip(client):
    for number in range(subscribe_limit()):
        post_subscribe(client, email=f"person{number}@example.org")

    response = client.post(SUBSCRIBE_URL, subscribe_data(), REMOTE_ADDR="192.0.2.77")

    assert response.status_code == HTTPStatus.SEE_OTHER


def test_subscribe_page_itself_is_not_rate_limited(client):
    for number in range(subscribe_limit()):
        post_subscribe(client, email=f"person{number}@example.org")

    assert client.get(SUBSCRIBE_URL).status_code == HTTPStatus.OK


def test_subscribe_same_address_too_often_sends_no_more_email(
    client, django_capture_on_commit_callbacks
):
    limit = int(settings.FORM_RATE_LIMITS["newsletter_subscribe_address"].split("/")[0])
    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            client.post(
                SUBSCRIBE_URL, subscribe_data(), REMOTE_ADDR=f"192.0.2.{number}"
            )
            for number in range(1, limit + 3)
        ]

    assert {response.status_code for response in responses} == {HTTPStatus.SEE_OTHER}
    assert len(mail.outbox) == limit


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_subscribe_refuses_other_methods(client, method):
    assert getattr(client, method)(SUBSCRIBE_URL).status_code == (
        HTTPStatus.METHOD_NOT_ALLOWED
    )


# --- Footer form -----------------------------------------------------------------


def test_footer_form_is_on_content_pages(client, home_page):
    html = client.get("/es/").text

    assert '<form class="newsletter-form newsletter-form--compact"' in html
    assert 'action="/es/newsletter/"' in html
    assert 'id="footer-newsletter-email"' in html
    assert '<input type="hidden" name="language" value="es">' in html
    assert '<input type="hidden" name="interests" value="news">' in html


def test_footer_heading_links_to_the_newsletter_page(client, home_page):
    html = client.get("/en/").text

    assert re.search(
        r'<h2 id="footer-newsletter-heading"[^>]*><a href="/en/newsletter/">'
        r"Newsletter</a></h2>",
        html,
    )
    assert '<a href="/en/newsletter/">More options</a>' in html


def test_footer_form_keeps_pages_cacheable(client, home_page):
    response = client.get("/en/")

    assert "csrfmiddlewaretoken" not in response.text
    assert "csrftoken" not in response.cookies


def test_footer_form_is_left_out_on_newsletter_pages(client):
    html = client.get(SUBSCRIBE_URL).text

    assert "footer-newsletter-email" not in html
    assert html.count('name="email"') == 1


def test_footer_form_posts_a_valid_subscription(client, home_page):
    html = client.get("/en/").text
    form = re.search(
        r'<form class="newsletter-form newsletter-form--compact".*?</form>', html, re.S
    ).group(0)
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="(\w+)"', form))

    response = client.post(
        "/en/newsletter/",
        {**hidden, "email": "ana@example.org", "consent": "on", HONEYPOT_FIELD: ""},
    )

    assert response.status_code == HTTPStatus.SEE_OTHER
    assert Subscriber.objects.get().interests == ["news"]


# --- Confirm ---------------------------------------------------------------------


def test_confirm_get_shows_a_button_and_does_not_confirm(client):
    subscriber = add_subscriber(confirmed=False)

    response = client.get(link("confirm", subscriber))

    assert response.status_code == HTTPStatus.OK
    assert "Confirm my subscription" in response.text
    assert '<form method="post"' in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_confirm_post_confirms_the_subscription(client):
    subscriber = add_subscriber(confirmed=False)

    response = client.post(link("confirm", subscriber))

    assert response.status_code == HTTPStatus.OK
    assert "Subscription confirmed" in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_confirm_success_page_links_to_a_working_manage_page(client):
    subscriber = add_subscriber(confirmed=False)

    response = client.post(link("confirm", subscriber))

    manage_url = re.search(r'href="(/en/newsletter/manage/[^"]+/)"', response.text)
    assert manage_url, response.text
    assert client.get(manage_url.group(1)).status_code == HTTPStatus.OK


def test_confirm_expired_link_is_410_and_changes_nothing(client, monkeypatch):
    subscriber = add_subscriber(confirmed=False)
    url = expired_confirm_link(subscriber, monkeypatch)
    before = snapshot(subscriber)

    response = client.post(url)

    assert response.status_code == HTTPStatus.GONE
    assert "This link has expired" in response.text
    assert 'href="/en/newsletter/"' in response.text  # subscribe again
    assert snapshot(subscriber) == before


def test_confirm_tampered_link_is_400_and_changes_nothing(client):
    subscriber = add_subscriber(confirmed=False)
    before = snapshot(subscriber)

    response = client.post(tampered(link("confirm", subscriber)))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This link does not work" in response.text
    assert snapshot(subscriber) == before


def test_confirm_get_with_an_expired_link_says_so_before_the_button(
    client, monkeypatch
):
    subscriber = add_subscriber(confirmed=False)

    response = client.get(expired_confirm_link(subscriber, monkeypatch))

    assert response.status_code == HTTPStatus.GONE
    assert "This link has expired" in response.text
    assert "Confirm my subscription" not in response.text


def test_confirm_get_with_a_tampered_link_is_400(client):
    response = client.get(tampered(link("confirm", add_subscriber(confirmed=False))))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Confirm my subscription" not in response.text


def test_confirm_with_an_unsubscribe_token_is_400(client):
    subscriber = add_subscriber(confirmed=False)
    token = tokens.make_token(subscriber, "unsubscribe")

    response = client.post(f"/en/newsletter/confirm/{token}/")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_confirm_post_without_csrf_token_is_refused(client):
    subscriber = add_subscriber(confirmed=False)

    response = Client(enforce_csrf_checks=True).post(link("confirm", subscriber))

    assert response.status_code == HTTPStatus.FORBIDDEN
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_confirm_page_is_not_cached_or_indexed(client):
    response = client.get(link("confirm", add_subscriber(confirmed=False)))

    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.text


# --- Unsubscribe -----------------------------------------------------------------


def test_unsubscribe_get_shows_one_button_and_changes_nothing(client):
    subscriber = add_subscriber()
    before = snapshot(subscriber)

    response = client.get(link("unsubscribe", subscriber))

    assert response.status_code == HTTPStatus.OK
    assert response.text.count('<button class="button" type="submit">') == 1
    assert "Unsubscribe</button>" in response.text
    assert snapshot(subscriber) == before


def test_unsubscribe_one_click_post_without_csrf_or_cookies_leaves_the_list():
    """RFC 8058: the mail client POSTs the body, with no cookie and no token."""
    subscriber = add_subscriber()
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        link("unsubscribe", subscriber),
        ONE_CLICK_BODY,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == HTTPStatus.OK
    assert "You have left the list" in response.text
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_unsubscribe_keeps_a_suppression_of_the_address(client):
    subscriber = add_subscriber()

    client.post(link("unsubscribe", subscriber), {"List-Unsubscribe": "One-Click"})

    assert Suppression.objects.filter(
        email_hash=email_digest("ana@example.org")
    ).exists()


def test_unsubscribe_button_form_posts_to_the_same_link(client):
    subscriber = add_subscriber()
    url = link("unsubscribe", subscriber)

    html = client.get(url).text

    assert f'<form method="post" action="{url}">' in html


def test_unsubscribe_twice_says_the_same(client):
    url = link("unsubscribe", add_subscriber())
    first = client.post(
        url, ONE_CLICK_BODY, content_type="application/x-www-form-urlencoded"
    )

    second = client.post(
        url, ONE_CLICK_BODY, content_type="application/x-www-form-urlencoded"
    )

    assert second.status_code == first.status_code == HTTPStatus.OK
    assert "You have left the list" in second.text


def test_unsubscribe_tampered_link_is_400_and_changes_nothing(client):
    subscriber = add_subscriber()
    before = snapshot(subscriber)

    response = client.post(
        tampered(link("unsubscribe", subscriber)),
        ONE_CLICK_BODY,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert snapshot(subscriber) == before
    assert not Suppression.objects.exists()


def test_unsubscribe_get_with_a_tampered_link_is_400(client):
    response = client.get(tampered(link("unsubscribe", add_subscriber())))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This link does not work" in response.text


def test_unsubscribe_with_a_manage_token_is_400(client):
    subscriber = add_subscriber()
    token = tokens.make_token(subscriber, "manage")

    response = client.post(f"/en/newsletter/unsubscribe/{token}/")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


# --- Manage ----------------------------------------------------------------------


def manage_data(**overrides) -> dict:
    data = {
        "language": "it",
        "interests": ["stories", "workshops"],
        "residence_country": "IT",
        "countries": ["CL"],
    }
    data.update(overrides)
    return data


def test_manage_page_is_prefilled_with_the_subscriber_choices(client):
    subscriber = add_subscriber(
        language="pt", interests=["stories"], residence_country="PT", countries=["BR"]
    )

    response = client.get(link("manage", subscriber))

    assert response.status_code == HTTPStatus.OK
    html = response.text
    assert '<option value="pt" lang="pt" selected>' in html
    assert re.search(r'value="stories"[^>]*checked', html)
    assert not re.search(r'value="news"[^>]*checked', html)
    assert '<option value="PT" selected>' in html
    assert re.search(r'value="BR"[^>]*checked', html)
    assert "ana@example.org" in html


def test_manage_post_saves_the_choices(client):
    subscriber = add_subscriber()

    client.post(link("manage", subscriber), manage_data())

    subscriber.refresh_from_db()
    assert subscriber.language == "it"
    assert sorted(subscriber.interests) == ["stories", "workshops"]
    assert subscriber.residence_country == "IT"
    assert subscriber.countries == ["CL"]


def test_manage_post_redirects_with_303_and_a_message(client):
    url = link("manage", add_subscriber())

    response = client.post(url, manage_data(), follow=True)

    assert response.redirect_chain == [(url, HTTPStatus.SEE_OTHER)]
    assert "Your choices are saved." in response.text


def test_manage_invalid_post_is_400_and_changes_nothing(client):
    subscriber = add_subscriber()
    before = snapshot(subscriber)

    response = client.post(
        link("manage", subscriber), manage_data(interests=[], language="xx")
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Choose at least one thing to receive." in response.text
    assert snapshot(subscriber) == before


def test_manage_post_without_csrf_token_is_refused():
    subscriber = add_subscriber()
    before = snapshot(subscriber)

    response = Client(enforce_csrf_checks=True).post(
        link("manage", subscriber), manage_data()
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert snapshot(subscriber) == before


def test_manage_tampered_link_is_400(client):
    response = client.get(tampered(link("manage", add_subscriber())))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This link does not work" in response.text


def test_manage_tampered_link_post_changes_nothing(client):
    subscriber = add_subscriber()
    before = snapshot(subscriber)

    response = client.post(tampered(link("manage", subscriber)), manage_data())

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert snapshot(subscriber) == before


def test_manage_page_links_to_a_working_unsubscribe(client):
    subscriber = add_subscriber()

    html = client.get(link("manage", subscriber)).text
    url = re.search(r'href="(/en/newsletter/unsubscribe/[^"]+/)"', html).group(1)
    client.post(url)

    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_manage_page_is_not_cached(client):
    response = client.get(link("manage", add_subscriber()))

    assert "no-store" in response["Cache-Control"]


# --- Whole journey ---------------------------------------------------------------


def test_subscribe_email_link_confirm_journey(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_subscribe(client, language="en")
    path = re.search(
        r"https?://[^/\s]+(/en/newsletter/confirm/[^/\s]+/)", mail.outbox[0].body
    )
    assert path, mail.outbox[0].body

    assert client.get(path.group(1)).status_code == HTTPStatus.OK
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    response = client.post(path.group(1))

    assert response.status_code == HTTPStatus.OK
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
