"""The One Stop Shops' teams in the admin: each sees its own country's
confirmed referrals, and nothing of any other country (a matrix over the
eight teams); only they set a referral's status."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from home.choices import LATIN_AMERICAN_COUNTRIES
from referrals import services
from referrals.models import OneStopShopTeam, Referral
from tests.factories import member_of

pytestmark = pytest.mark.django_db

Status = Referral.Status
COUNTRIES = [code for code, _name in LATIN_AMERICAN_COUNTRIES]


def status_of(response, client) -> int:
    """The status, after LocaleMiddleware's redirect of an admin 404 to the
    same address with a language prefix (which is a 404 too)."""
    if response.status_code == 302 and response["Location"].startswith("/en/admin/"):
        return client.get(response["Location"]).status_code
    return response.status_code


def team_name(code: str) -> str:
    return OneStopShopTeam.objects.get(country_id=code).group.name


@pytest.fixture
def referrals_by_country(make_referral):
    """One confirmed referral per country, plus one per country still
    waiting for consent (which no team may see)."""
    cache.clear()
    confirmed, waiting = {}, {}
    for code in COUNTRIES:
        referral = make_referral(country=code, name=f"Person in {code}")
        confirmed[code] = services.confirm(referral)
        waiting[code] = make_referral(country=code, name=f"Not yet {code}")
    return confirmed, waiting


def test_there_is_one_team_per_latin_american_country():
    teams = OneStopShopTeam.objects.select_related("group")
    assert sorted(t.country_id for t in teams) == sorted(COUNTRIES)
    brazil = teams.get(country_id="BR")
    assert brazil.group.name == "One Stop Shop staff: Brazil"
    assert brazil.language == "pt"
    assert {p.codename for p in brazil.group.permissions.all()} == {
        "access_admin",
        "view_referral",
        "change_referral",
    }


@pytest.mark.parametrize("code", COUNTRIES)
def test_each_team_sees_only_its_countrys_confirmed_referrals(
    client, referrals_by_country, code
):
    confirmed, waiting = referrals_by_country
    client.force_login(member_of(team_name(code)))
    index = client.get("/admin/referrals/")
    assert index.status_code == 200
    html = index.content.decode()
    for other, referral in confirmed.items():
        shown = f"Person in {other}" in html
        assert shown == (other == code), other
        detail = client.get(f"/admin/referrals/{referral.pk}/")
        assert status_of(detail, client) == (200 if other == code else 404), other
        changed = client.post(
            f"/admin/referrals/{referral.pk}/", {"status": "in_contact"}
        )
        assert status_of(changed, client) == (303 if other == code else 404), other
    for referral in waiting.values():
        response = client.get(f"/admin/referrals/{referral.pk}/")
        assert status_of(response, client) == 404
    assert "Not yet" not in html
    statuses = dict(
        Referral.objects.values_list("country_id", "status").filter(
            pk__in=[r.pk for r in confirmed.values()]
        )
    )
    assert statuses == {c: ("in_contact" if c == code else "sent") for c in COUNTRIES}


@pytest.mark.parametrize(
    "group_name",
    [
        "Editors",
        "Moderators",
        "Translators",
        "Newsletter senders",
        "Workshop coordinators",
        "Questions team",
        "Consent check",
    ],
)
def test_other_staff_see_no_referrals(client, referrals_by_country, group_name):
    confirmed, _waiting = referrals_by_country
    client.force_login(member_of(group_name))
    assert client.get("/admin/referrals/").status_code == 403
    referral = confirmed["BR"]
    assert client.get(f"/admin/referrals/{referral.pk}/").status_code == 403
    assert (
        client.post(
            f"/admin/referrals/{referral.pk}/", {"status": "closed"}
        ).status_code
        == 403
    )
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT
    assert "/admin/referrals/" not in client.get("/admin/").content.decode()


def test_the_team_menu_has_referrals(client, referrals_by_country):
    client.force_login(member_of(team_name("BR")))
    assert "/admin/referrals/" in client.get("/admin/").content.decode()


def test_a_member_of_two_teams_sees_both_countries(client, referrals_by_country):
    confirmed, _waiting = referrals_by_country
    user = member_of(team_name("BR"))
    user.groups.add(Group.objects.get(name=team_name("CL")))
    client.force_login(user)
    html = client.get("/admin/referrals/").content.decode()
    assert "Person in BR" in html and "Person in CL" in html
    assert "Person in PE" not in html


def test_the_team_sees_what_the_person_agreed_to_share(client, make_referral):
    referral = services.confirm(make_referral())
    client.force_login(member_of(team_name("BR")))
    html = client.get(f"/admin/referrals/{referral.pk}/").content.decode()
    for shown in (
        "J. S.",
        "joao@example.org",
        "+55 11 91234 5678",
        "bakery",
        "Cáritas Madrid",
        "Employment",
    ):
        assert shown in html


@pytest.mark.parametrize("status", ["", "sent", "awaiting", "withdrawn", "deleted"])
def test_a_status_the_team_cannot_set_is_a_400_and_changes_nothing(
    client, make_referral, status
):
    referral = services.confirm(make_referral())
    client.force_login(member_of(team_name("BR")))
    response = client.post(f"/admin/referrals/{referral.pk}/", {"status": status})
    assert response.status_code == 400
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT


def test_a_withdrawn_referral_shows_no_details_and_takes_no_status(
    client, make_referral
):
    referral = services.withdraw(services.confirm(make_referral()))
    client.force_login(member_of(team_name("BR")))
    html = client.get(f"/admin/referrals/{referral.pk}/").content.decode()
    assert "their details are deleted" in html
    assert 'name="status"' not in html
    response = client.post(f"/admin/referrals/{referral.pk}/", {"status": "closed"})
    assert response.status_code == 403
    assert Referral.objects.get(pk=referral.pk).status == Status.WITHDRAWN


def test_the_professional_sees_the_status_and_never_more(
    client, professional, make_referral
):
    referral = services.confirm(make_referral())
    team_member = member_of(team_name("BR"))
    services.set_status(referral, Status.IN_CONTACT, by=team_member)
    client.force_login(professional)
    html = client.get("/en/referrals/").content.decode()
    assert referral.reference in html and "In contact" in html
    for hidden in ("joao@example.org", "+55 11 91234 5678", "bakery"):
        assert hidden not in html
    # Another professional sees none of it.
    client.force_login(member_of("Editors", organisation="Other", job_role="x"))
    assert referral.reference not in client.get("/en/referrals/").content.decode()


def test_the_team_list_runs_a_fixed_number_of_queries(
    client, make_referral, django_assert_max_num_queries
):
    for index in range(3):
        services.confirm(make_referral(name=f"P{index}"))
    client.force_login(member_of(team_name("BR")))
    client.get("/admin/referrals/")
    with django_assert_max_num_queries(30) as few:
        client.get("/admin/referrals/")
    for index in range(12):
        services.confirm(make_referral(name=f"Q{index}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/admin/referrals/")
