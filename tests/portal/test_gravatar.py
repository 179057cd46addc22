"""Staff avatars never come from Gravatar."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name",
    ["wagtailadmin_home", "wagtailadmin_account", "wagtailusers_users:index"],
)
def test_admin_pages_load_no_avatar_from_gravatar(admin_client, url_name):
    response = admin_client.get(reverse(url_name))
    assert response.status_code == 200
    assert "gravatar" not in response.content.decode().lower()
