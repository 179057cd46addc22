"""The staff roles' rights on pages, images, documents, partners, the footer
text and the site settings (docs/editors.md, "Roles").

Editors and Moderators are Wagtail's own groups: their page, image and
document rights are ensured here as Wagtail creates them (kept on the way
back); what is added is the partners, the footer text and, for moderators,
the site settings. Translators are new: they change pages and snippets (the
translations) but neither create, publish nor delete. The help network's
snippets are granted in countries/0005; the newsletter's in mailinglist/0002.
"""

from django.db import migrations

from portal.groups import (
    create_group,
    delete_group,
    grant_collection_permissions,
    grant_page_permissions,
    revoke_permissions,
)

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")
SUBMIT_TRANSLATION = ("wagtail_localize", "translation", "submit_translation")


def model_permissions(model: str, actions) -> list[tuple[str, str, str]]:
    return [("home", model, f"{action}_{model}") for action in actions]


EDITING = [
    *model_permissions("partner", ["add", "change", "delete", "view"]),
    # One footer text per language: translated, never deleted.
    *model_permissions("footertext", ["add", "change", "view"]),
]
TRANSLATING = [
    *model_permissions("partner", ["change", "view"]),
    *model_permissions("footertext", ["change", "view"]),
]
# The contact email, which receives the questions, needs home.view_questions
# as well (SiteSettings.panels).
SITE_SETTINGS = model_permissions("sitesettings", ["change"])

MEDIA = [
    (app_label, f"{action}_{model}")
    for app_label, model in [("wagtailimages", "image"), ("wagtaildocs", "document")]
    for action in ["add", "change", "choose"]
]
CHOOSE_MEDIA = [("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")]

ROLES = {
    "Editors": {
        "permissions": EDITING,
        "pages": ["add_page", "change_page"],
        "collections": MEDIA,
    },
    "Moderators": {
        "permissions": [*EDITING, *SITE_SETTINGS],
        "pages": [
            "add_page",
            "change_page",
            "publish_page",
            "lock_page",
            "unlock_page",
        ],
        "collections": MEDIA,
    },
    "Translators": {
        "permissions": [SUBMIT_TRANSLATION, *TRANSLATING],
        "pages": ["change_page"],
        "collections": CHOOSE_MEDIA,
    },
}
NEW_GROUPS = ["Translators"]


def grant(apps, schema_editor):
    for name, role in ROLES.items():
        create_group(apps, "home", name, [ACCESS_ADMIN, *role["permissions"]])
        grant_page_permissions(apps, name, role["pages"])
        grant_collection_permissions(apps, name, role["collections"])


def revoke(apps, schema_editor):
    for name, role in ROLES.items():
        if name in NEW_GROUPS:
            delete_group(apps, name)
        else:
            revoke_permissions(apps, name, role["permissions"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_privacy_page"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
