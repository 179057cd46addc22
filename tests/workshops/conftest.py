"""Fixtures of the workshop tests (the shared ones are in tests/workshop_fixtures.py)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def editor(db):
    """Staff who edit pages (Wagtail's "Editors" group) but are not coordinators."""
    user = UserFactory(email="editor@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client
