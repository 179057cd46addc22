"""The welcome email after confirming: over real SMTP, once, in the
subscriber's language, with the manage and unsubscribe links."""

import re
import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.test import Client

from mailinglist import services, tokens
from mailinglist.models import Subscriber

pytestmark = pytest.mark.django_db

LINK = r"https?://[^/\s]+(/{language}/newsletter/{purpose}/[^/\s]+/)"


def confirm_link(subscriber: Subscriber) -> str:
    return services.confirm_url(subscriber)


def bodies(message) -> tuple[str, str]:
    email = message.message
    return (
        email.get_body(("plain",)).get_content(),
        email.get_body(("html",)).get_content(),
    )


def test_confirm_sends_the_welcome_email_with_the_manage_link(
    smtp_server, make_subscriber, django_capture_on_commit_callbacks
):
    subscriber = make_subscriber(confirmed=False, language="pt")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(confirm_link(subscriber))
    assert response.status_code == 200

    (message,) = smtp_server.messages
    assert message.rcpt_tos == [subscriber.email]
    assert message.message["Subject"] == "Boas-vindas ao boletim dos Balcões Únicos"
    assert message.message["Content-Language"] == "pt"
    text, html = bodies(message)
    manage = re.search(LINK.format(language="pt", purpose="manage"), text)
    assert manage, text
    assert manage.group(1) in html
    assert re.search(LINK.format(language="pt", purpose="unsubscribe"), text)
    # The manage link opens the subscriber's manage page.
    page = Client().get(manage.group(1))
    assert page.status_code == 200
    assert subscriber.email in page.text


def test_welcome_email_unsubscribe_link_leaves_the_list(
    smtp_server, make_subscriber, django_capture_on_commit_callbacks
):
    subscriber = make_subscriber(confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(tokens.make_token(subscriber, "confirm"))
    text, _html = bodies(smtp_server.messages[0])
    unsubscribe = re.search(LINK.format(language="en", purpose="unsubscribe"), text)

    Client().post(unsubscribe.group(1))

    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_second_confirm_sends_no_second_welcome(
    smtp_server, make_subscriber, django_capture_on_commit_callbacks
):
    subscriber = make_subscriber(confirmed=False)
    token = tokens.make_token(subscriber, "confirm")
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(token)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.confirm(token)
        Client().post(confirm_link(subscriber))

    assert callbacks == []
    assert Counter(m.rcpt_tos[0] for m in smtp_server.messages) == Counter(
        {subscriber.email: 1}
    )


def test_welcome_is_not_sent_to_someone_who_left_before_it_went_out(
    smtp_server, make_subscriber, django_capture_on_commit_callbacks
):
    """The task reads the subscriber when it runs: gone by then, nothing goes."""
    subscriber = make_subscriber(confirmed=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.confirm(tokens.make_token(subscriber, "confirm"))
    services.unsubscribe(tokens.make_token(subscriber, "unsubscribe"))
    for callback in callbacks:
        callback()
    assert smtp_server.messages == []


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks (SELECT ... FOR UPDATE)",
)
@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_the_same_moment_send_one_welcome(
    committed_demo, smtp_server, make_subscriber
):
    Subscriber.objects.all().delete()
    subscriber = make_subscriber(confirmed=False)
    token = tokens.make_token(subscriber, "confirm")
    start = threading.Barrier(4)
    errors = []

    def click() -> None:
        try:
            start.wait(timeout=10)
            services.confirm(token)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert errors == []
        assert [m.rcpt_tos for m in smtp_server.messages] == [[subscriber.email]]
    finally:
        Subscriber.objects.all().delete()
