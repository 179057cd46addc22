"""The questions people send (names, addresses, messages) are read and
exported by the "Questions team" only, never by every editor."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

import home.demo_questions
from home.questions import TEAM_GROUP
from tests.factories import UserFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Is there a workshop in Valencia this spring?"


@pytest.fixture
def questions_page(home_page):
    page = home.demo_questions.load()
    FormSubmission.objects.create(
        page=page, form_data={"name": "Ana Pérez", "message": MESSAGE}
    )
    return page


def staff_in(group_name: str):
    user = VerifiedUserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture(autouse=True)
def no_cached_permissions():
    cache.clear()


def submission_urls(page) -> list[str]:
    listing = reverse("wagtailforms:list_submissions", args=[page.pk])
    return [
        reverse("questions_index"),
        listing,
        listing + "?export=csv",
        listing + "?export=xlsx",
        reverse("wagtailforms:delete_submissions", args=[page.pk])
        + f"?selected-submissions={FormSubmission.objects.get().pk}",
    ]


def denied(client, url: str) -> bool:
    """Wagtail's answer to a permission denied: 403 to a script, and to a
    browser a redirect to the dashboard with "you do not have permission"."""
    scripted = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
    browser = client.get(url, follow=True)
    return (
        scripted.status_code == 403
        and browser.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
        and "do not have permission" in browser.content.decode()
        and MESSAGE not in browser.content.decode()
    )


@pytest.mark.parametrize("group_name", ["Editors", "Moderators"])
def test_an_editor_gets_403_on_the_submissions(client, questions_page, group_name):
    client.force_login(staff_in(group_name))
    for url in [*submission_urls(questions_page), reverse("wagtailforms:index")]:
        assert denied(client, url) or (
            url == reverse("wagtailforms:index")
            and questions_page.title not in client.get(url).content.decode()
        ), url
    assert FormSubmission.objects.count() == 1


def test_an_editor_sees_no_forms_menu_nor_submissions_panel(client, questions_page):
    client.force_login(staff_in("Editors"))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("questions_index") not in dashboard
    assert reverse("wagtailforms:index") not in dashboard
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[questions_page.pk]))
    assert edit.status_code == 200  # editors still edit the page itself
    listing = reverse("wagtailforms:list_submissions", args=[questions_page.pk])
    assert listing not in edit.content.decode()


def test_the_questions_team_reads_and_exports_them(client, questions_page):
    """Without any page permission: the team reads the answers, not the pages."""
    client.force_login(staff_in(TEAM_GROUP))
    index, listing, csv_url, xlsx_url, _delete = submission_urls(questions_page)
    assert questions_page.title in client.get(index).content.decode()
    assert MESSAGE in client.get(listing).content.decode()
    export = client.get(csv_url)
    assert export.status_code == 200
    assert MESSAGE in b"".join(export.streaming_content).decode("utf-8-sig")
    assert client.get(xlsx_url).status_code == 200
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("questions_index") in dashboard


def test_a_superuser_reads_them(admin_client, questions_page):
    _index, listing, *_rest = submission_urls(questions_page)
    assert MESSAGE in admin_client.get(listing).content.decode()


def test_a_public_account_gets_no_submissions(client, questions_page):
    client.force_login(UserFactory())
    for url in submission_urls(questions_page):
        response = client.get(url, follow=True)
        assert MESSAGE not in response.content.decode(), url
        assert response.redirect_chain[0][1] == 302, url


def test_an_editor_cannot_redirect_the_questions_to_a_mailbox(client, questions_page):
    """Whoever sets the page's address receives every question in full."""
    client.force_login(staff_in("Moderators"))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[questions_page.pk]))
    assert edit.status_code == 200
    assert 'name="to_address"' not in edit.content.decode()


def test_the_questions_team_sets_the_address(client, questions_page):
    user = staff_in(TEAM_GROUP)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[questions_page.pk]))
    assert 'name="to_address"' in edit.content.decode()
