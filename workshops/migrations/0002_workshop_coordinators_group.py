"""Create the "Workshop coordinators" group: who may see and change bookings."""

from django.db import migrations

from portal.groups import create_group, delete_group

GROUP_NAME = "Workshop coordinators"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("workshops", "booking", "view_personal_data"),
    ("workshops", "booking", "view_booking"),
    ("workshops", "booking", "add_booking"),
    ("workshops", "booking", "change_booking"),
]


def create_coordinators(apps, schema_editor):
    create_group(apps, "workshops", GROUP_NAME, PERMISSIONS)


def delete_coordinators(apps, schema_editor):
    delete_group(apps, GROUP_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("workshops", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_coordinators, delete_coordinators)]
