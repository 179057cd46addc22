"""The "Newsletter senders" group (docs/editors.md, "Roles"): they send and
follow campaigns, and see how many subscribers an audience counts, but not the
subscribers' addresses ("Can view subscriber", given to nobody here)."""

from django.db import migrations

from portal.groups import create_group, delete_group

GROUP_NAME = "Newsletter senders"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("mailinglist", "campaign", "add_campaign"),
    ("mailinglist", "campaign", "view_campaign"),
]


def create_senders(apps, schema_editor):
    create_group(apps, "mailinglist", GROUP_NAME, PERMISSIONS)


def delete_senders(apps, schema_editor):
    delete_group(apps, GROUP_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("mailinglist", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_senders, delete_senders)]
