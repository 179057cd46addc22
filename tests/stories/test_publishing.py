"""A story goes live only with consent on file and checked by the Consent
check team, whichever way it is published."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from stories.models import SuccessStoryPage
from stories.services import ConsentMissingError, record_consent_check

pytestmark = pytest.mark.django_db

CONSENT_ERROR = "A story can only be published once written consent is on file"
CHECK_ERROR = "once the Consent check team has confirmed its consent record"


@pytest.fixture
def draft_without_consent(make_story) -> SuccessStoryPage:
    return make_story(publish=False, consent_on_file=False, consent_date=None)


def edit_form_data(admin_client, story: SuccessStoryPage):
    """The admin edit form of ``story`` as the editor's browser would post it."""
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # The body's blocks are drawn by JavaScript; the stories under test have none.
    data.update(nested_form_data({"body": streamfield([])}))
    return url, data


def test_draft_without_consent_can_be_saved(draft_without_consent):
    draft_without_consent.refresh_from_db()
    assert draft_without_consent.latest_revision is not None
    assert not draft_without_consent.live


def test_publishing_a_revision_without_consent_is_refused(draft_without_consent):
    revision = draft_without_consent.latest_revision
    with pytest.raises(ConsentMissingError):
        revision.publish()
    draft_without_consent.refresh_from_db()
    assert not draft_without_consent.live
    assert draft_without_consent.live_revision is None


def test_publishing_a_revision_with_consent_date_missing_is_refused(make_story):
    story = make_story(publish=False, consent_on_file=True, consent_date=None)
    with pytest.raises(ConsentMissingError):
        story.latest_revision.publish()
    story.refresh_from_db()
    assert not story.live


def test_scheduling_a_revision_without_consent_is_refused(draft_without_consent):
    draft_without_consent.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = draft_without_consent.save_revision()
    with pytest.raises(ConsentMissingError):
        revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None


def test_publishing_a_revision_with_checked_consent_makes_the_story_live(
    draft_without_consent,
):
    draft_without_consent.consent_on_file = True
    draft_without_consent.consent_date = datetime.date(2016, 3, 1)
    record_consent_check(draft_without_consent, user=None)
    draft_without_consent.save_revision().publish()
    draft_without_consent.refresh_from_db()
    assert draft_without_consent.live


def test_publishing_a_revision_with_unchecked_consent_is_refused(
    draft_without_consent,
):
    draft_without_consent.consent_on_file = True
    draft_without_consent.consent_date = datetime.date(2016, 3, 1)
    revision = draft_without_consent.save_revision()
    with pytest.raises(ConsentMissingError) as refused:
        revision.publish()
    assert "Consent check team" in str(refused.value)
    draft_without_consent.refresh_from_db()
    assert not draft_without_consent.live


def test_a_check_of_another_consent_date_does_not_count(draft_without_consent):
    draft_without_consent.consent_on_file = True
    draft_without_consent.consent_date = datetime.date(2016, 3, 1)
    record_consent_check(draft_without_consent, user=None)
    draft_without_consent.consent_date = datetime.date(2017, 5, 2)
    with pytest.raises(ConsentMissingError):
        draft_without_consent.save_revision().publish()
    draft_without_consent.refresh_from_db()
    assert not draft_without_consent.live


def test_creating_a_live_story_without_consent_is_refused(story_index):
    story = SuccessStoryPage(
        title="Straight to live",
        slug="straight-to-live",
        initials="Z.Z.",
        country_lived_in_id="IT",
        country_of_return_id="EC",
        year_of_return=2016,
    )
    with pytest.raises(ConsentMissingError):
        story_index.add_child(instance=story)
    assert not SuccessStoryPage.objects.filter(slug="straight-to-live").exists()


def test_admin_publish_without_consent_shows_the_error_and_leaves_a_draft(
    admin_client, draft_without_consent
):
    url, data = edit_form_data(admin_client, draft_without_consent)
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert CONSENT_ERROR in response.content.decode()
    assert "consent_on_file" in response.context["form"].errors
    assert "consent_date" in response.context["form"].errors
    draft_without_consent.refresh_from_db()
    assert not draft_without_consent.live


def test_admin_save_draft_without_consent_is_accepted(
    admin_client, draft_without_consent
):
    url, data = edit_form_data(admin_client, draft_without_consent)
    data["pull_quote"] = "A new draft quote."
    response = admin_client.post(url, data)
    assert response.status_code == 302
    draft_without_consent.refresh_from_db()
    assert not draft_without_consent.live
    latest = draft_without_consent.get_latest_revision_as_object()
    assert latest.pull_quote == "A new draft quote."


def test_admin_publish_with_unchecked_consent_shows_the_error(
    admin_client, draft_without_consent
):
    url, data = edit_form_data(admin_client, draft_without_consent)
    data["consent_on_file"] = "on"
    data["consent_date"] = "2016-03-01"
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert CHECK_ERROR in response.content.decode()
    draft_without_consent.refresh_from_db()
    assert not draft_without_consent.live


def test_admin_publish_with_checked_consent_makes_the_story_live(
    admin_client, draft_without_consent
):
    draft_without_consent.consent_date = datetime.date(2016, 3, 1)
    draft_without_consent.consent_on_file = True
    record_consent_check(draft_without_consent, user=None)
    url, data = edit_form_data(admin_client, draft_without_consent)
    data["consent_on_file"] = "on"
    data["consent_date"] = "2016-03-01"
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    draft_without_consent.refresh_from_db()
    assert draft_without_consent.live
    assert draft_without_consent.consent_date == datetime.date(2016, 3, 1)


def new_story_form_data(**overrides) -> dict:
    data = {
        "title": "From Lisbon to Uruguay: M.R. opens a bakery",
        "slug": "from-lisbon-to-uruguay",
        "initials": "M.R.",
        "country_lived_in": "PT",
        "country_of_return": "UY",
        "year_of_return": "2016",
        "theme_links": inline_formset([{"theme": "entrepreneurship"}]),
        "pull_quote": "Bread is a good way to start.",
        "body": streamfield(
            [("paragraph", rich_text("<p>M.R. came home with a plan.</p>"))]
        ),
        "consent_on_file": "on",
        "consent_date": "2016-04-01",
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(story_index) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=["stories", "successstorypage", story_index.pk]
    )


def test_admin_cannot_create_and_publish_a_story_before_the_consent_check(
    admin_client, story_index
):
    response = admin_client.post(add_url(story_index), new_story_form_data())
    assert response.status_code == 200
    assert CHECK_ERROR in response.content.decode()
    assert not SuccessStoryPage.objects.filter(slug="from-lisbon-to-uruguay").exists()


def test_admin_creates_a_story_and_submits_it_to_the_consent_check(
    admin_client, story_index
):
    data = new_story_form_data()
    del data["action-publish"]
    data["action-submit"] = "action-submit"
    response = admin_client.post(add_url(story_index), data)
    assert response.status_code == 302
    story = SuccessStoryPage.objects.get(
        locale__language_code="en", slug="from-lisbon-to-uruguay"
    )
    assert not story.live
    assert story.workflow_in_progress
    assert story.current_workflow_task.name == "Consent check"
    assert story.get_latest_revision_as_object().theme_labels == ["Entrepreneurship"]


def test_admin_create_and_publish_without_consent_is_refused(admin_client, story_index):
    data = new_story_form_data()
    del data["consent_on_file"]
    response = admin_client.post(add_url(story_index), data)
    assert response.status_code == 200
    assert CONSENT_ERROR in response.content.decode()
    assert not SuccessStoryPage.objects.filter(slug="from-lisbon-to-uruguay").exists()
