"""The help network's snippets (needs, organisations) for the staff roles
(docs/editors.md, "Roles"): editors and moderators manage them, translators
change them (their translations) but neither add nor delete them."""

from django.db import migrations

from portal.groups import create_group, revoke_permissions

MODELS = ["needcategory", "resourceorganisation"]


def model_permissions(actions) -> list[tuple[str, str, str]]:
    return [
        ("countries", model, f"{action}_{model}")
        for model in MODELS
        for action in actions
    ]


ROLES = {
    "Editors": model_permissions(["add", "change", "delete", "view"]),
    "Moderators": model_permissions(["add", "change", "delete", "view"]),
    "Translators": model_permissions(["change", "view"]),
}


def grant(apps, schema_editor):
    for name, permissions in ROLES.items():
        create_group(apps, "countries", name, permissions)


def revoke(apps, schema_editor):
    for name, permissions in ROLES.items():
        revoke_permissions(apps, name, permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0004_contact_details"),
        ("home", "0008_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
