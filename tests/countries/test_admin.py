import pytest
from django.urls import reverse
from wagtail.models import Locale

from countries.models import NeedCategory, ResourceOrganisation
from countries.wagtail_hooks import NeedCategoryViewSet, ResourceOrganisationViewSet

pytestmark = pytest.mark.django_db


def test_organisation_list_filters_by_country_and_need(
    admin_client, countries_home, need
):
    url = reverse(ResourceOrganisation.snippet_viewset.get_url_name("list"))
    response = admin_client.get(
        url, {"country": "BR", "needs": [need("employment").pk]}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Sistema Nacional de Emprego" in content
    assert "Serviço Nacional de Aprendizagem Comercial" not in content
    assert "ChileValora" not in content


def test_admin_creates_an_organisation_with_its_needs(
    admin_client, countries_home, need
):
    url = reverse(ResourceOrganisation.snippet_viewset.get_url_name("add"))
    form = admin_client.get(url).content.decode()
    assert 'type="checkbox" name="needs"' in form
    response = admin_client.post(
        url,
        {
            "name": "Instituto de Formación",
            "acronym": "",
            "kind": "training",
            "country": "BO",
            "services": "Courses for returnees.",
            "needs": [need("training").pk, need("employment").pk],
            "website": "https://example.org/",
            "email": "",
            "phone": "",
            "locale": Locale.get_default().pk,
        },
    )
    assert response.status_code == 302
    created = ResourceOrganisation.objects.get(
        locale__language_code="en", name="Instituto de Formación"
    )
    assert set(created.needs.values_list("slug", flat=True)) == {
        "training",
        "employment",
    }


def test_need_slug_is_unique_per_language(admin_client, countries_home):
    url = reverse(NeedCategory.snippet_viewset.get_url_name("add"))
    response = admin_client.post(
        url, {"name": "Training again", "slug": "training", "sort_order": 0}
    )
    assert response.status_code == 200
    assert "Another need in this language already uses this slug." in (
        response.content.decode()
    )
    assert NeedCategory.objects.filter(slug="training", locale_id=1).count() == 1


def test_needs_and_organisations_have_their_own_admin_menu_items():
    assert str(NeedCategoryViewSet.menu_label) == "Needs"
    assert str(ResourceOrganisationViewSet.menu_label) == "Organisations"
