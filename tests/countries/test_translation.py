"""Keys that filters and lookups match on are the same in every language."""

import pytest
from wagtail.models import Locale
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
from wagtail_localize.models import Translation, TranslationSource

from countries.models import CountryPage, NeedCategory, ResourceOrganisation
from home.models import FormField
from stories.models import SuccessStoryPage

pytestmark = pytest.mark.django_db

# (model, field): copied from the source, never offered to translators.
KEYS = [
    (NeedCategory, "slug"),
    (ResourceOrganisation, "country"),
    (CountryPage, "country"),
    (SuccessStoryPage, "country_lived_in"),
    (SuccessStoryPage, "country_of_return"),
    (FormField, "clean_name"),
]


@pytest.mark.parametrize(
    ("model", "field_name"), KEYS, ids=[f"{m.__name__}.{f}" for m, f in KEYS]
)
def test_key_is_synchronized_and_not_overridable(model, field_name):
    (declared,) = [
        f for f in get_translatable_fields(model) if f.field_name == field_name
    ]
    assert isinstance(declared, SynchronizedField)
    assert not declared.overridable


@pytest.fixture
def legal_advice(countries_home) -> NeedCategory:
    return NeedCategory.objects.create(
        name="Legal advice", slug="legal-advice", locale=Locale.get_default()
    )


# What a translator would write for every text offered, the slug included.
SPANISH = {"Legal advice": "Asesoría jurídica", "legal-advice": "asesoria-juridica"}


def translate(need: NeedCategory, language: str) -> NeedCategory:
    """``need`` translated into ``language``, every text offered filled in."""
    source, _created = TranslationSource.get_or_create_from_instance(need)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code=language)
    )
    po = translation.export_po()
    for entry in po:
        entry.msgstr = SPANISH[entry.msgid]
    translation.import_po(po)
    translation.save_target(publish=True)
    return need.get_translation(translation.target_locale)


def test_need_slug_is_not_a_segment_of_its_translation(legal_advice):
    source, _created = TranslationSource.get_or_create_from_instance(legal_advice)
    offered = {
        *source.stringsegment_set.values_list("context__path", flat=True),
        *source.overridablesegment_set.values_list("context__path", flat=True),
    }
    assert "name" in offered
    assert "slug" not in offered


def test_translated_need_keeps_the_source_slug(legal_advice):
    spanish = translate(legal_advice, "es")
    assert spanish.name == "Asesoría jurídica"
    assert spanish.slug == "legal-advice"


def test_translated_need_follows_the_source_slug_when_it_changes(legal_advice):
    spanish = translate(legal_advice, "es")
    legal_advice.slug = "legal-help"
    legal_advice.save()
    source, _created = TranslationSource.update_or_create_from_instance(legal_advice)
    for translation in source.translations.all():
        translation.save_target(publish=True)
    spanish.refresh_from_db()
    assert spanish.slug == "legal-help"
