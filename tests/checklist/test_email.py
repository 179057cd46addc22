"""'Email me this checklist': one message over real SMTP, nothing kept, a
limit per client and per address, and a clear answer when mail is down."""

import pytest
from django.apps import apps

from tests.smtp import running_smtp_server, smtp_server_down

from .conftest import URL

pytestmark = pytest.mark.django_db

QUERY = "country=CL&need=qualification-recognition"


def email_url(lang: str = "en") -> str:
    return f"{URL.format(lang=lang)}email/?{QUERY}"


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_the_checklist_is_emailed_once_and_nothing_is_kept(client, checklist_page):
    before = row_counts()
    with running_smtp_server() as smtp:
        response = client.post(email_url(), {"email": "rosa@example.org"})
    assert response.status_code == 303
    assert response["Location"] == f"{URL.format(lang='en')}?{QUERY}#checklist"
    [received] = smtp.messages
    assert received.rcpt_tos == ["rosa@example.org"]
    message = received.message
    assert message["Subject"] == "Your pre-return checklist: Chile"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert "Ask about certifying your skills with ChileValora" in body
        assert f"http://127.0.0.1:8000/en/countries/checklist/?{QUERY}" in body.replace(
            "&amp;", "&"
        )
    after = row_counts()
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert changed == {}
    page = client.get(response["Location"]).content.decode()
    assert "The checklist is on its way to your inbox." in page


def test_the_email_is_in_the_visitors_language(client, checklist_page):
    with running_smtp_server() as smtp:
        client.post(email_url("es"), {"email": "rosa@example.org"})
    message = smtp.messages[0].message
    assert message["Subject"] == "Su lista para preparar el regreso: Chile"
    assert "Pregunte por la certificación de sus competencias con ChileValora" in (
        message.get_body(("plain",)).get_content()
    )


@pytest.mark.parametrize("address", ["", "not an address", "a@" + "b" * 300 + ".org"])
def test_a_bad_address_gets_a_message_a_400_and_no_email(
    client, checklist_page, address
):
    with running_smtp_server() as smtp:
        response = client.post(email_url(), {"email": address})
    assert response.status_code == 400
    assert "newsletter-form__summary" in response.content.decode()
    assert smtp.messages == []


def test_unknown_choices_in_the_address_send_nothing(client, checklist_page):
    with running_smtp_server() as smtp:
        response = client.post(
            f"{URL.format(lang='en')}email/?country=XX", {"email": "rosa@example.org"}
        )
    assert response.status_code == 400
    assert smtp.messages == []


def test_a_robot_gets_the_same_answer_and_no_email(client, checklist_page):
    with running_smtp_server() as smtp:
        response = client.post(
            email_url(), {"email": "rosa@example.org", "homepage_url": "http://spam"}
        )
    assert response.status_code == 303
    assert smtp.messages == []


def test_get_is_not_allowed(client, checklist_page):
    assert client.get(email_url()).status_code == 405


def test_one_address_gets_a_few_checklists_then_none(client, checklist_page):
    with running_smtp_server() as smtp:
        answers = [
            client.post(email_url(), {"email": "Rosa@Example.org"}).status_code
            for _ in range(5)
        ]
    assert answers == [303] * 5
    assert len(smtp.messages) == 3  # checklist_email_address: 3/h


def test_one_client_is_stopped_after_its_limit(client, checklist_page, settings):
    settings.FORM_RATE_LIMITS = {
        **settings.FORM_RATE_LIMITS,
        "checklist_email": "2/10m",
    }
    with running_smtp_server() as smtp:
        answers = [
            client.post(email_url(), {"email": f"p{i}@example.org"}) for i in range(3)
        ]
    assert [a.status_code for a in answers] == [303, 303, 429]
    assert "Too many attempts" in answers[2].content.decode()
    assert len(smtp.messages) == 2


def test_mail_server_down_gets_a_clear_message_not_a_500(client, checklist_page):
    with smtp_server_down():
        response = client.post(email_url(), {"email": "rosa@example.org"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "The checklist could not be sent just now." in html
    assert "Ask about certifying your skills with ChileValora" in html


def test_the_email_form_says_why_and_links_the_privacy_notice(client, checklist_page):
    html = client.get(URL.format(lang="en"), {"country": "CL"}).content.decode()
    form = html.split('class="newsletter-form checklist__email"')[1].split("</form>")[0]
    assert "We send the checklist to this address once and do not keep it." in form
    assert "privacy notice</a>" in form
