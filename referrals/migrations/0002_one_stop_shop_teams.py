"""A "One Stop Shop staff" group per Latin American country, each tied to its
country by a ``OneStopShopTeam``: its members open the admin and see (and
update the status of) that country's referrals, and nothing else."""

from django.db import migrations

from portal.groups import create_group

# Code, group name, language of the team's emails.
TEAMS = [
    ("BO", "One Stop Shop staff: Bolivia", "es"),
    ("BR", "One Stop Shop staff: Brazil", "pt"),
    ("CL", "One Stop Shop staff: Chile", "es"),
    ("CO", "One Stop Shop staff: Colombia", "es"),
    ("EC", "One Stop Shop staff: Ecuador", "es"),
    ("PY", "One Stop Shop staff: Paraguay", "es"),
    ("PE", "One Stop Shop staff: Peru", "es"),
    ("UY", "One Stop Shop staff: Uruguay", "es"),
]
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("referrals", "referral", "view_referral"),
    ("referrals", "referral", "change_referral"),
]


def create_teams(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Team = apps.get_model("referrals", "OneStopShopTeam")
    Country = apps.get_model("countries", "Country")
    for code, name, language in TEAMS:
        create_group(apps, "referrals", name, PERMISSIONS)
        country, _created = Country.objects.get_or_create(code=code)
        Team.objects.get_or_create(
            country=country,
            defaults={"group": Group.objects.get(name=name), "language": language},
        )


def delete_teams(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[name for _code, name, _language in TEAMS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("countries", "0002_programme_countries"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_teams, delete_teams)]
