"""A draft of every page type saves with only a title; publishing needs the rest."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from home.models import HomePage

from .page_forms import PAGE_MODELS, admin_form_data

pytestmark = pytest.mark.django_db


def parent_for(model) -> Page:
    """A page under which ``model`` may be created: one of the demo site's, or
    for a section the demo site has already, one in a bare home page of its own."""
    for page in Page.objects.filter(locale__language_code="en").specific():
        if model.can_create_at(page):
            return page
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Another home", slug="another-home", live=False)
    )
    if model.can_create_at(home):
        return home
    for parent_model in model.allowed_parent_page_models():
        if parent_model.can_create_at(home):
            section = home.add_child(
                instance=parent_model(title="Section", slug="section", live=False)
            )
            if model.can_create_at(section):
                return section
    raise AssertionError(f"Nowhere to create a {model.__name__}")


def add_url(model, parent) -> str:
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda m: m.__name__)
def test_draft_saves_with_only_a_title(admin_client, demo_content, model):
    parent = parent_for(model)
    url = add_url(model, parent)
    data = admin_form_data(admin_client, url, model, title="A draft", slug="a-draft")

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    draft = model.objects.get(slug="a-draft")
    assert not draft.live
    # Its preview shows what there is: nothing missing breaks the page.
    preview = admin_client.get(
        reverse(
            "wagtailadmin_pages:revisions_view",
            args=[draft.pk, draft.latest_revision_id],
        )
    )
    assert preview.status_code == 200
    assert "A draft" in preview.content.decode()
    explorer = admin_client.get(reverse("wagtailadmin_explore", args=[parent.pk]))
    assert explorer.status_code == 200


# What each page type needs to be published, beyond a title.
PUBLISHING_FIELDS = {
    "HomePage": {"hero_heading"},
    "NewsPage": {"listing_summary"},
    "CountryPage": {"country"},
    "SuccessStoryPage": {
        "initials",
        "country_lived_in",
        "country_of_return",
        "year_of_return",
        "consent_on_file",
        "consent_date",
    },
    "WorkshopPage": {"start_date", "start_time", "end_time", "capacity", "city"},
}


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda m: m.__name__)
def test_publishing_with_only_a_title_asks_for_the_required_fields(
    admin_client, demo_content, model
):
    url = add_url(model, parent_for(model))
    data = admin_form_data(admin_client, url, model, title="A page", slug="a-page")
    data["action-publish"] = "action-publish"

    response = admin_client.post(url, data)

    needed = PUBLISHING_FIELDS.get(model.__name__, set())
    if needed:
        assert response.status_code == 200
        assert set(response.context["form"].errors) == needed
        assert not model.objects.filter(slug="a-page").exists()
    else:
        assert response.status_code == 302, response.context["form"].errors
        assert model.objects.get(slug="a-page").live
