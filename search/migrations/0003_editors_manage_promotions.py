"""Editors and moderators manage promoted search results and read what
people search for (search/admin_views.py): the site's search is theirs."""

from django.db import migrations

from portal.groups import create_group

GROUPS = ["Editors", "Moderators"]
PERMISSIONS = [
    ("wagtailsearchpromotions", "searchpromotion", codename)
    for codename in (
        "add_searchpromotion",
        "change_searchpromotion",
        "delete_searchpromotion",
    )
]


def grant(apps, schema_editor):
    for name in GROUPS:
        create_group(apps, "wagtailsearchpromotions", name, PERMISSIONS)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailsearchpromotions",
        codename__in=[codename for _app, _model, codename in PERMISSIONS],
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_unanswered_search"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
