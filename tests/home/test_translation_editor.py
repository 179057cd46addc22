"""Translators save and submit their work from wagtail-localize's editor
(home/translation_views.py), which by itself only offers "Publish"."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from home.translation_views import translation_of
from tests.factories import member_of
from tests.smtp import running_smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(home_page) -> Page:
    """A Spanish news article made by wagtail-localize from the English one."""
    for page in Page.objects.filter(
        locale__language_code="es", content_type__model="newspage"
    ).order_by("path"):
        if translation_of(page):
            return page.specific
    pytest.fail("the demo site has no translated news article")


def draft_url(page) -> str:
    return reverse("translation_draft", args=[page.pk])


@pytest.mark.parametrize("group_name", ["Translators", "Editors"])
def test_the_translation_editor_offers_save_and_submit(client, translated, group_name):
    client.force_login(member_of(group_name))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[translated.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="js-translation-editor"' in html
    assert f'action="{draft_url(translated)}"' in html
    assert 'value="save"' in html
    assert 'value="submit"' in html


def test_a_translator_saves_a_draft_without_changing_the_live_page(client, translated):
    translator = member_of("Translators")
    live_revision = translated.live_revision_id
    before = translated.revisions.count()
    client.force_login(translator)
    response = client.post(draft_url(translated), {"action": "save"})
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[translated.pk])
    translated.refresh_from_db()
    assert translated.revisions.count() == before + 1
    assert translated.latest_revision.user == translator
    assert translated.live_revision_id == live_revision
    assert not translated.workflow_in_progress


def test_a_translator_submits_and_the_moderators_are_told(client, translated):
    translator = member_of("Translators", email="translator@example.org")
    member_of("Moderators", email="moderator@example.org")
    client.force_login(translator)
    with running_smtp_server() as smtp:
        response = client.post(draft_url(translated), {"action": "submit"})
    assert response.status_code == 302
    translated.refresh_from_db()
    assert translated.workflow_in_progress
    assert translated.current_workflow_task.name == "Moderators approval"
    assert translated.current_workflow_state.requested_by == translator
    told = {address for message in smtp.messages for address in message.rcpt_tos}
    assert "moderator@example.org" in told

    # Submitting again while in review is refused, and starts nothing more.
    response = client.post(draft_url(translated), {"action": "submit"})
    assert response.status_code == 302
    assert translated.workflow_states.count() == 1


@pytest.mark.parametrize("group_name", ["Newsletter senders", "Consent check"])
def test_those_who_do_not_edit_pages_cannot_save_translations(
    client, translated, group_name
):
    before = translated.revisions.count()
    client.force_login(member_of(group_name))
    response = client.post(draft_url(translated), {"action": "submit"})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")
    assert translated.revisions.count() == before
    translated.refresh_from_db()
    assert not translated.workflow_in_progress


def test_an_unknown_action_or_a_page_that_is_no_translation_is_refused(
    client, translated, home_page
):
    client.force_login(member_of("Translators"))
    before = translated.revisions.count()
    assert client.post(draft_url(translated), {"action": "publish"}).status_code == 400
    assert client.post(draft_url(home_page), {"action": "save"}).status_code == 400
    missing = draft_url(translated).replace(f"/{translated.pk}/", "/999999/")
    assert client.post(missing, {"action": "save"}, follow=True).status_code == 404
    assert client.get(draft_url(translated)).status_code == 405
    assert translated.revisions.count() == before
