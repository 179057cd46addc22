"""The admin's preview panel may frame a preview; nothing may frame the site."""

import pytest
from django.urls import reverse

from .page_forms import PAGE_MODELS, admin_form_data

pytestmark = pytest.mark.django_db


def frame_ancestors(response) -> str:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";")
    )
    return directives.get("frame-ancestors", "")


@pytest.fixture
def demo_page(demo_content, request):
    """The demo site's English page of the model under test."""
    model = request.param
    page = model.objects.filter(locale__language_code="en").first()
    assert page is not None, f"The demo site has no {model.__name__}"
    return page


@pytest.mark.parametrize(
    "demo_page", PAGE_MODELS, ids=lambda m: m.__name__, indirect=True
)
def test_preview_may_be_framed_by_the_admin_only(admin_client, demo_page):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[demo_page.pk])
    stored = admin_client.post(
        url,
        admin_form_data(
            admin_client,
            reverse("wagtailadmin_pages:edit", args=[demo_page.pk]),
            type(demo_page),
        ),
    )
    assert stored.json()["is_valid"], stored.json()

    response = admin_client.get(url, {"in_preview_panel": "true"})

    assert response.status_code == 200
    assert demo_page.title in response.content.decode()
    assert frame_ancestors(response) == "'self'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize(
    "demo_page", PAGE_MODELS, ids=lambda m: m.__name__, indirect=True
)
def test_public_page_may_not_be_framed(admin_client, client, demo_page):
    for visitor in (client, admin_client):
        response = visitor.get(demo_page.url)
        assert response.status_code == 200
        assert frame_ancestors(response) == "'none'"
        assert response["X-Frame-Options"] == "DENY"


def test_revision_preview_may_be_framed_by_the_admin_only(admin_client, about_page):
    revision = about_page.save_revision()
    response = admin_client.get(
        reverse("wagtailadmin_pages:revisions_view", args=[about_page.pk, revision.pk])
    )
    assert response.status_code == 200
    assert frame_ancestors(response) == "'self'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
