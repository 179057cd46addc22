"""The "Questions team": the only staff who read and export the questions
people send (names, addresses, messages), not every editor."""

from django.db import migrations

from portal.groups import create_group, delete_group

GROUP_NAME = "Questions team"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("home", "formpage", "view_questions"),
]


def create_team(apps, schema_editor):
    create_group(apps, "home", GROUP_NAME, PERMISSIONS)


def delete_team(apps, schema_editor):
    delete_group(apps, GROUP_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("home", "0005_footer_text_snippet_only"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="formpage",
            options={
                "permissions": [
                    ("view_questions", "Can read and export the questions sent")
                ],
                "verbose_name": "form page",
            },
        ),
        migrations.RunPython(create_team, delete_team),
    ]
