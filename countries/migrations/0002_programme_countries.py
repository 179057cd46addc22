from django.db import migrations

CODES = ["ES", "IT", "PT", "BO", "BR", "CL", "CO", "EC", "PY", "PE", "UY"]


def create_countries(apps, schema_editor):
    Country = apps.get_model("countries", "Country")
    for code in CODES:
        Country.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("countries", "0001_initial")]

    operations = [migrations.RunPython(create_countries, migrations.RunPython.noop)]
