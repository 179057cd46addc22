"""A referral reaches the One Stop Shop only after the person agreed through
their own link, never after they withdrew; each email goes once, over real
SMTP."""

import pytest

from referrals import services
from referrals.models import Referral
from referrals.tasks import retry_unsent
from tests.smtp import running_smtp_server, smtp_server_down

from .conftest import OFFICE, PERSON, consent_path

pytestmark = pytest.mark.django_db

Status = Referral.Status


def refer(client, professional, on_commit, **changes):
    client.force_login(professional)
    with on_commit():
        return client.post("/en/referrals/new/", {**PERSON, **changes})


def test_the_person_gets_their_link_and_the_office_gets_nothing(
    client, professional, offices, on_commit
):
    with running_smtp_server() as smtp:
        response = refer(client, professional, on_commit)
    assert response.status_code == 303
    assert response["Location"] == "/en/referrals/"
    referral = Referral.objects.get()
    assert referral.status == Status.AWAITING_CONSENT
    assert referral.forwarded_at is None
    [received] = smtp.messages
    assert received.rcpt_tos == ["joao@example.org"]
    message = received.message
    # In the language the professional chose for the person: Portuguese.
    assert str(message["Subject"]).strip() == (
        "Cáritas Madrid gostaria de encaminhar você para um Balcão Único"
    )
    text = message.get_body(("plain",)).get_content()
    assert "Ana Ruiz (Social worker, Cáritas Madrid)" in text
    assert consent_path(message).startswith("/pt/referrals/consent/")
    page = client.get(response["Location"]).content.decode()
    assert referral.reference in page and "J. S." not in page
    assert "Waiting for the person&#x27;s consent" in page


def test_the_referral_is_forwarded_only_after_the_person_agrees(
    client, professional, offices, on_commit
):
    with running_smtp_server() as smtp:
        refer(client, professional, on_commit)
        path = consent_path(smtp.messages[0].message)
        client.logout()
        page = client.get(path)
        assert page.status_code == 200
        html = page.content.decode()
        # Exactly what would be shared, in the person's language.
        for shown in ("J. S.", "joao@example.org", "+55 11 91234 5678", "bakery"):
            assert shown in html
        assert "Sim, compartilhar isto com o Balcão Único" in html
        assert len(smtp.messages) == 1  # looking is not agreeing
        with on_commit():
            response = client.post(path, {"action": "confirm"})
        assert response.status_code == 303
        assert len(smtp.messages) == 2
    forward = smtp.messages[1]
    assert forward.rcpt_tos == [OFFICE]
    message = forward.message
    referral = Referral.objects.get()
    # In the Brazilian team's language.
    assert message["Subject"] == f"Novo encaminhamento {referral.reference}: J. S."
    text = message.get_body(("plain",)).get_content()
    for shown in ("joao@example.org", "+55 11 91234 5678", "bakery", "Cáritas Madrid"):
        assert shown in text
    assert "Emprego" in text
    assert referral.status == Status.SENT
    assert referral.forwarded_to == OFFICE


def test_confirming_twice_forwards_once(client, make_referral, on_commit):
    with on_commit():
        referral = make_referral()
    with running_smtp_server() as smtp:
        for _ in range(3):
            with on_commit():
                services.confirm(referral)
        retry_unsent(older_than_seconds=-60)
    assert [m.rcpt_tos for m in smtp.messages] == [[OFFICE]]


def test_a_referral_withdrawn_before_agreeing_is_never_forwarded(
    client, make_referral, on_commit
):
    with running_smtp_server() as smtp:
        with on_commit():
            referral = make_referral()
        path = consent_path(smtp.messages[0].message)
        with on_commit():
            response = client.post(path, {"action": "withdraw"})
        assert response.status_code == 303
        referral.refresh_from_db()
        assert referral.status == Status.WITHDRAWN
        assert [referral.person_name, referral.person_email, referral.phone] == [
            "",
            "",
            "",
        ]
        assert referral.note == "" and referral.needs == []
        with on_commit():
            late = client.post(path, {"action": "confirm"})
        assert late.status_code == 409
        retry_unsent(older_than_seconds=-60)
    assert [m.rcpt_tos for m in smtp.messages] == [["joao@example.org"]]
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN and referral.forwarded_at is None
    assert "Você retirou este encaminhamento" in client.get(path).content.decode()


def test_a_withdrawal_after_forwarding_blanks_it_and_tells_the_office_once(
    client, make_referral, on_commit
):
    with running_smtp_server() as smtp:
        with on_commit():
            referral = make_referral()
        path = consent_path(smtp.messages[0].message)
        with on_commit():
            client.post(path, {"action": "confirm"})
        for _ in range(2):
            with on_commit():
                client.post(path, {"action": "withdraw"})
        retry_unsent(older_than_seconds=-60)
    assert [m.rcpt_tos for m in smtp.messages] == [
        ["joao@example.org"],
        [OFFICE],
        [OFFICE],
    ]
    notice = smtp.messages[2].message
    assert notice["Subject"] == (
        f"Encaminhamento {referral.reference} retirado: por favor, apague-o"
    )
    text = notice.get_body(("plain",)).get_content()
    assert "joao@example.org" not in text and "J. S." not in text
    referral.refresh_from_db()
    assert referral.person_email == "" and referral.status == Status.WITHDRAWN


def test_a_forward_owed_when_the_person_withdraws_is_not_sent(
    client, make_referral, on_commit
):
    """The mail server was down when the person agreed; they withdrew before
    it came back: the retry sends nothing."""
    with on_commit():
        referral = make_referral()
    Referral.objects.filter(pk=referral.pk).update(
        consent_requested_at="2026-01-01T00:00Z"
    )
    with smtp_server_down(), on_commit():
        services.confirm(referral)
    referral.refresh_from_db()
    assert referral.status == Status.SENT and referral.forwarded_at is None
    assert referral.last_email_error.startswith("forward")
    with running_smtp_server() as smtp:
        with on_commit():
            services.withdraw(referral)
        assert retry_unsent(older_than_seconds=-60) == 0
    assert smtp.messages == []
    referral.refresh_from_db()
    assert referral.forwarded_at is None


def test_mail_down_keeps_the_referral_and_the_retry_sends_it_once(
    client, professional, offices, on_commit
):
    with smtp_server_down():
        response = refer(client, professional, on_commit)
    assert response.status_code == 303
    referral = Referral.objects.get()
    assert referral.consent_requested_at is None
    with running_smtp_server() as smtp:
        assert retry_unsent(older_than_seconds=-60) == 1
        assert retry_unsent(older_than_seconds=-60) == 0
    assert [m.rcpt_tos for m in smtp.messages] == [["joao@example.org"]]


def test_an_office_without_an_address_sees_it_in_the_admin_only(
    client, make_referral, on_commit
):
    with on_commit():
        referral = make_referral(country="PY")
    with running_smtp_server() as smtp:
        with on_commit():
            services.confirm(referral)
    assert smtp.messages == []
    referral.refresh_from_db()
    assert referral.forwarded_at is not None and referral.forwarded_to == ""


def test_an_expired_link_shares_nothing(client, make_referral, on_commit):
    with on_commit():
        referral = make_referral()
    Referral.objects.filter(pk=referral.pk).update(created_at="2025-01-01T00:00Z")
    path = f"/pt/referrals/consent/{services.consent_token(referral)}/"
    page = client.get(path)
    assert page.status_code == 410
    assert "Este link expirou" in page.content.decode()
    with running_smtp_server() as smtp, on_commit():
        response = client.post(path, {"action": "confirm"})
    assert response.status_code == 410
    assert smtp.messages == []
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_CONSENT


@pytest.mark.parametrize(
    "token",
    ["nothing", "1.abc:forged", "x" * 500, "%00", "1.:"],
)
def test_a_link_that_names_nothing_is_a_404_in_the_visitors_language(
    client, make_referral, token
):
    make_referral()
    response = client.get(f"/es/referrals/consent/{token}/")
    assert response.status_code == 404
    assert "Este enlace no funciona" in response.content.decode()
    assert (
        client.post(
            f"/es/referrals/consent/{token}/", {"action": "confirm"}
        ).status_code
        == 404
    )
    assert Referral.objects.get().status == Status.AWAITING_CONSENT


def test_another_referrals_key_does_not_open_it(client, make_referral):
    first, second = make_referral(), make_referral()
    value = f"{first.pk}.{second.consent_key}"
    from django.core import signing

    token = signing.Signer(salt=services.TOKEN_SALT).sign(value)
    assert client.get(f"/en/referrals/consent/{token}/").status_code == 404


def test_an_unknown_action_is_a_400_and_changes_nothing(client, make_referral):
    referral = make_referral()
    path = f"/en/referrals/consent/{services.consent_token(referral)}/"
    response = client.post(path, {"action": "forward-to-everyone"})
    assert response.status_code == 400
    assert "Choose one of the two buttons." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_CONSENT


def test_the_consent_page_is_private(client, make_referral):
    referral = make_referral()
    response = client.get(f"/en/referrals/consent/{services.consent_token(referral)}/")
    assert (
        "no-store" in response["Cache-Control"]
        or "private" in response["Cache-Control"]
    )
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
