"""Referrals in retention, the data export and account deletion."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts import services as accounts
from referrals import services
from referrals.models import Referral
from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_retention_deletes_unanswered_and_stale_referrals_only(make_referral, capsys):
    now = timezone.now()
    unanswered = make_referral(name="Old, never answered")
    fresh = make_referral(name="Fresh, waiting")
    stale = services.confirm(make_referral(name="Closed long ago"))
    active = services.confirm(make_referral(name="Still in contact"))
    Referral.objects.filter(pk=unanswered.pk).update(
        created_at=now - timedelta(days=31)
    )
    Referral.objects.filter(pk=stale.pk).update(
        status="closed", status_changed_at=now - timedelta(days=400)
    )
    Referral.objects.filter(pk=active.pk).update(
        created_at=now - timedelta(days=400), status_changed_at=now - timedelta(days=20)
    )
    call_command("purge_personal_data")
    assert "2 referral(s) deleted" in capsys.readouterr().out
    assert set(Referral.objects.values_list("pk", flat=True)) == {fresh.pk, active.pk}
    call_command("purge_personal_data")
    assert "0 referral(s) deleted" in capsys.readouterr().out


def test_the_export_has_the_referrals_made_and_those_about_the_person(
    professional, make_referral
):
    made = make_referral()
    person = VerifiedUserFactory(email="joao@example.org")
    mine = accounts.export_data(professional)["referrals"]
    assert mine["made"] == [
        {
            "reference": made.reference,
            "created_at": made.created_at.isoformat(),
            "country": "BR",
            "status": "awaiting",
        }
    ]
    assert mine["about_you"] == []
    theirs = accounts.export_data(person)["referrals"]
    assert theirs["made"] == []
    [about] = theirs["about_you"]
    assert about["name"] == "J. S." and about["phone"] == "+55 11 91234 5678"
    assert about["referred_by"] == "Ana Ruiz"


def test_an_unverified_address_gets_nobody_elses_referral(make_referral):
    make_referral()
    stranger = VerifiedUserFactory(email="someone@example.org")
    stranger.emailaddress_set.create(email="joao@example.org", verified=False)
    assert accounts.export_data(stranger)["referrals"]["about_you"] == []


def test_deleting_the_persons_account_withdraws_the_referrals_about_them(
    make_referral,
):
    referral = services.confirm(make_referral())
    person = VerifiedUserFactory(email="joao@example.org")
    accounts.delete_account(person)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    assert referral.person_email == "" and referral.person_name == ""


def test_deleting_the_professionals_account_keeps_the_referral_without_their_name(
    professional, make_referral
):
    referral = services.confirm(make_referral())
    accounts.delete_account(professional)
    referral.refresh_from_db()
    assert referral.referrer_id is None
    assert referral.referrer_name == "" and referral.referrer_role == ""
    assert referral.referrer_organisation == "Cáritas Madrid"
    assert referral.person_name == "J. S."  # the person agreed; it stays theirs
