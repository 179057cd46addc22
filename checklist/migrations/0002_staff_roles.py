"""The checklist steps for the staff roles (docs/editors.md, "Roles"), as the
help network's snippets: editors and moderators manage them, translators
change them (their translations) but neither add nor delete them."""

from django.db import migrations

from portal.groups import create_group, revoke_permissions


def model_permissions(actions) -> list[tuple[str, str, str]]:
    return [
        ("checklist", "checkliststep", f"{action}_checkliststep")
        for action in actions
    ]


ROLES = {
    "Editors": model_permissions(["add", "change", "delete", "view"]),
    "Moderators": model_permissions(["add", "change", "delete", "view"]),
    "Translators": model_permissions(["change", "view"]),
}


def grant(apps, schema_editor):
    for name, permissions in ROLES.items():
        create_group(apps, "checklist", name, permissions)


def revoke(apps, schema_editor):
    for name, permissions in ROLES.items():
        revoke_permissions(apps, name, permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("checklist", "0001_initial"),
        ("countries", "0005_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
