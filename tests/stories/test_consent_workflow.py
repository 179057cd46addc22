"""Review of success stories (docs/editors.md, "Consent check"): an editor
submits, the Consent check team confirms the consent record, a moderator
approves, and only then is the story live."""

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Locale, WorkflowPage

from stories.models import ConsentCheck, StoryIndexPage, SuccessStoryPage
from tests.factories import member_of
from tests.smtp import running_smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return member_of("Editors", email="editor@example.org")


@pytest.fixture
def checker():
    return member_of("Consent check", email="checker@example.org")


@pytest.fixture
def moderator():
    return member_of("Moderators", email="moderator@example.org")


@pytest.fixture
def submitted(make_story, editor) -> SuccessStoryPage:
    """A story with consent entered, submitted for review by an editor."""
    story = make_story(publish=False, consent_date=datetime.date(2016, 3, 1))
    story.get_workflow().start(story, editor)
    story.refresh_from_db()
    return story


def checks_of(story):
    return ConsentCheck.objects.filter(translation_key=story.translation_key)


def act(client, story, action: str, **data):
    """Post a workflow action on the current step of ``story`` as the admin's
    modal does (an XMLHttpRequest, which shows form errors)."""
    task_state = story.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[story.pk, action, task_state.pk]
    )
    return client.post(url, data, headers={"x-requested-with": "XMLHttpRequest"})


def test_every_story_index_has_the_consent_check_workflow(story_index, home_page):
    new = home_page.add_child(instance=StoryIndexPage(title="More", slug="more"))
    indexes = list(StoryIndexPage.objects.all())
    assert new in indexes and len({index.locale_id for index in indexes}) > 1
    for index in indexes:
        workflow = WorkflowPage.objects.get(page=index).workflow
        names = [task.name for task in workflow.tasks]
        assert names == ["Consent check", "Moderators approval"]


def test_a_submitted_story_waits_for_the_consent_check_and_its_team_is_told(
    client, make_story, editor, checker, moderator
):
    story = make_story(publish=False)
    client.force_login(editor)
    with running_smtp_server() as smtp:
        story.get_workflow().start(story, editor)
    story.refresh_from_db()
    assert story.current_workflow_task.name == "Consent check"
    told = {address for message in smtp.messages for address in message.rcpt_tos}
    assert "checker@example.org" in told
    assert "moderator@example.org" not in told
    assert "editor@example.org" not in told


def test_a_moderator_cannot_skip_the_consent_check(client, submitted, moderator):
    client.force_login(moderator)
    response = act(client, submitted, "approve", comment="")
    assert response.status_code in (302, 403)
    submitted.refresh_from_db()
    assert submitted.current_workflow_task.name == "Consent check"
    assert not checks_of(submitted).exists()


def test_confirming_consent_needs_the_reviewer_to_say_they_saw_it(
    client, submitted, checker
):
    client.force_login(checker)
    response = act(client, submitted, "approve", comment="")
    assert response.status_code == 200
    assert json.loads(response.content)["step"] == "action"
    assert "This field is required" in json.loads(response.content)["html"]
    submitted.refresh_from_db()
    assert submitted.current_workflow_task.name == "Consent check"
    assert not checks_of(submitted).exists()


def test_consent_check_then_moderator_publishes_and_the_editor_is_told(
    client, submitted, checker, moderator
):
    client.force_login(checker)
    response = act(client, submitted, "approve", comment="", consent_seen="on")
    assert json.loads(response.content)["step"] == "success"
    check = checks_of(submitted).get()
    assert check.translation_key == submitted.translation_key
    assert check.consent_date == datetime.date(2016, 3, 1)
    assert check.checked_by == checker
    submitted.refresh_from_db()
    assert submitted.current_workflow_task.name == "Moderators approval"
    assert not submitted.live

    client.force_login(moderator)
    with running_smtp_server() as smtp:
        response = act(client, submitted, "approve", comment="")
    assert json.loads(response.content)["step"] == "success"
    submitted.refresh_from_db()
    assert submitted.live
    assert not submitted.workflow_in_progress
    told = {address for message in smtp.messages for address in message.rcpt_tos}
    assert "editor@example.org" in told


def test_a_story_without_consent_can_only_be_sent_back(
    client, make_story, editor, checker
):
    story = make_story(publish=False, consent_on_file=False, consent_date=None)
    story.get_workflow().start(story, editor)
    story.refresh_from_db()
    actions = story.current_workflow_task.get_actions(story, checker)
    assert [name for name, _label, _modal in actions] == ["reject"]
    client.force_login(checker)
    act(client, story, "approve", comment="", consent_seen="on")
    story.refresh_from_db()
    assert story.current_workflow_task.name == "Consent check"
    assert not checks_of(story).exists()


def test_a_checked_story_translation_publishes_without_another_record(
    submitted, checker, moderator
):
    task_state = submitted.current_workflow_task_state
    submitted.current_workflow_task.on_action(
        task_state, checker, "approve", comment="", consent_seen=True
    )
    submitted.refresh_from_db()
    spanish = Locale.objects.get(language_code="es")
    translation = submitted.copy_for_translation(spanish, copy_parents=True)
    translation.save_revision().publish()
    translation.refresh_from_db()
    assert translation.live
    assert checks_of(submitted).count() == 1


def test_bulk_publishing_an_unchecked_story_is_refused_with_a_message(
    admin_client, make_story
):
    story = make_story(publish=False, consent_date=datetime.date(2016, 3, 1))
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + f"?id={story.pk}&next=/admin/"
    )
    response = admin_client.post(url, {"include_descendants": ""})
    assert response.status_code == 302
    story.refresh_from_db()
    assert not story.live
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Consent check team" in said
