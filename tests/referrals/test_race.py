"""Two clicks at once, on PostgreSQL with real commits: the person's "yes"
twice, or "yes" and "no" together, never send the One Stop Shop a referral
twice, nor one the person withdrew."""

import pytest
from django.db import connection

from countries.models import CountryPage
from referrals import services
from referrals.models import Referral
from tests.factories import VerifiedUserFactory
from tests.smtp import running_smtp_server
from tests.threads import run_together

from .conftest import OFFICE, PERSON

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks under concurrency: PostgreSQL only",
    ),
]


@pytest.fixture
def referral(committed_demo) -> Referral:
    CountryPage.objects.filter(country_id="BR").update(email=OFFICE)
    professional = VerifiedUserFactory(organisation="Cáritas", job_role="Social worker")
    with running_smtp_server():
        return services.make_referral(
            professional,
            services.PersonDetails(
                name=PERSON["person_name"],
                email=PERSON["person_email"],
                contact_method="email",
                phone="",
                language="pt",
                country="BR",
                needs=(),
                note="",
            ),
        )


def refusal_or_result(call):
    """``call``, answering a refusal as its result (as ``run_together`` does
    for bookings)."""

    def attempt():
        try:
            return call()
        except services.ReferralError as refusal:
            return refusal

    return attempt


def test_two_yeses_at_once_forward_it_once(referral):
    with running_smtp_server() as smtp:
        run_together([refusal_or_result(lambda: services.confirm(referral))] * 2)
    assert [m.rcpt_tos for m in smtp.messages] == [[OFFICE]]


def test_yes_and_no_at_once_never_leave_a_withdrawn_referral_forwarded(referral):
    with running_smtp_server() as smtp:
        results = run_together(
            [
                refusal_or_result(lambda: services.confirm(referral)),
                refusal_or_result(lambda: services.withdraw(referral)),
            ]
        )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    assert referral.person_email == ""
    sent = [m.rcpt_tos for m in smtp.messages]
    if isinstance(results[0], services.ReferralError):
        # "No" came first: "yes" was refused, nothing was forwarded.
        assert sent == [] and referral.forwarded_at is None
    elif referral.forwarded_at is None:
        # "Yes" first, but "no" before its email went: never forwarded.
        assert sent == []
    else:
        # Forwarded before "no": then the office was told to delete it.
        assert sent == [[OFFICE], [OFFICE]]
        assert referral.withdrawal_notified_at is not None
