"""Create the "Workshop coordinators" group: who may see and change bookings."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Workshop coordinators"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("workshops", "booking", "view_personal_data"),
    ("workshops", "booking", "view_booking"),
    ("workshops", "booking", "add_booking"),
    ("workshops", "booking", "change_booking"),
]


def create_group(apps, schema_editor):
    # On a fresh database, permissions are created by a post_migrate signal,
    # after every migration: create this app's now. Historical app configs
    # have no models module, which create_permissions requires.
    app_config = apps.get_app_config("workshops")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    try:
        create_permissions(app_config, verbosity=0, apps=apps)
    finally:
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label=app_label,
                content_type__model=model,
                codename=codename,
            )
        )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("workshops", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
