"""Request bodies over their limit are refused before anything reads them,
with a page in the visitor's language; within it, nothing changes."""

import pytest
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission

pytestmark = pytest.mark.django_db


def post_declaring(client, url: str, length: int):
    """A POST whose headers announce ``length`` bytes (the body is small: the
    limit must act on the declaration, not on reading)."""
    return client.post(
        url,
        data=b"email=ana%40example.org",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(length),
    )


@pytest.mark.parametrize(
    ("language", "words"), [("en", "megabyte"), ("es", "megabyte")]
)
def test_a_public_form_over_the_limit_gets_413_in_the_visitors_language(
    client, home_page, settings, language, words
):
    response = post_declaring(
        client, f"/{language}/questions/", settings.MAX_REQUEST_BODY + 1
    )
    assert response.status_code == 413
    assert f'<html lang="{language}">' in response.content.decode()
    assert words in response.content.decode()
    assert not FormSubmission.objects.exists()


def test_the_admin_takes_larger_bodies_than_the_public_side(
    admin_client, home_page, settings
):
    size = settings.MAX_REQUEST_BODY * 2
    assert size <= settings.MAX_ADMIN_REQUEST_BODY
    assert post_declaring(Client(), "/en/newsletter/", size).status_code == 413
    response = admin_client.post(
        "/admin/images/add/",
        "title=" + "x" * size,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200  # the form again: no file chosen
    over = post_declaring(
        admin_client, "/admin/images/add/", settings.MAX_ADMIN_REQUEST_BODY + 1
    )
    assert over.status_code == 413


def test_form_data_over_djangos_limit_gets_the_400_page(client, home_page, settings):
    """Form data sent without a length of its own still meets Django's limit."""
    settings.MAX_REQUEST_BODY = 10 * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = "message=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = Client(raise_request_exception=False).post(
        "/en/questions/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()
