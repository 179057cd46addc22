"""PostgreSQL text search configurations, one per language, that ignore accents.

Each is PostgreSQL's own configuration of that language with ``unaccent``
before its stemmer for the words that have letters outside ASCII, so that
"informacion" finds "información" (``search/backend.py`` uses them). Nothing
happens on other databases. After this migration, ``manage.py update_index``
re-indexes existing content with them.
"""

from django.db import migrations

LANGUAGES = {
    "portal_english": ("english", "english_stem"),
    "portal_spanish": ("spanish", "spanish_stem"),
    "portal_portuguese": ("portuguese", "portuguese_stem"),
    "portal_italian": ("italian", "italian_stem"),
    "portal_simple": ("simple", "simple"),
}


def create_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for name, (source, dictionary) in LANGUAGES.items():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{source})"
        )
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}"
        )


def drop_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in LANGUAGES:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_configurations, drop_configurations)]
