"""The footer's words become the translatable FooterText snippet; form fields
become translatable with their page.

Existing form fields get their page's language and a key shared by the same
field of the page's other languages; the footer text of the default site's
settings (or the first site that has one) becomes the default language's
FooterText (the settings field goes in the next migration: the portal has one
site, and any other site's footer text is not kept).
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    FormField = apps.get_model("home", "FormField")
    for field in FormField.objects.select_related("page"):
        # The same key for a field in every language of its page (answers are
        # stored under clean_name, the same in every language).
        field.translation_key = uuid.uuid5(
            field.page.translation_key, field.clean_name or str(field.pk)
        )
        field.locale_id = field.page.locale_id
        field.save(update_fields=["translation_key", "locale"])

    SiteSettings = apps.get_model("home", "SiteSettings")
    FooterText = apps.get_model("home", "FooterText")
    Locale = apps.get_model("wagtailcore", "Locale")
    from django.conf import settings

    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    texts = SiteSettings.objects.exclude(footer_text="").order_by(
        "-site__is_default_site", "pk"
    )
    first = texts.values_list("footer_text", flat=True).first()
    if default is not None and first and not FooterText.objects.exists():
        FooterText.objects.create(
            text=first, locale=default, translation_key=uuid.uuid4()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_formpage"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="FooterText",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "translation_key",
                    models.UUIDField(default=uuid.uuid4, editable=False),
                ),
                ("text", models.TextField(max_length=500, verbose_name="text")),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
            ],
            options={
                "verbose_name": "footer text",
                "verbose_name_plural": "footer texts",
                "abstract": False,
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.AddField(
            model_name="formfield",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="formfield",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
