import pytest

import stories.demo
from stories.models import StoryIndexPage, SuccessStoryPage

pytestmark = pytest.mark.django_db


def test_demo_creates_the_index_and_the_two_newsletter_stories(story_index):
    assert story_index.slug == "stories"
    assert story_index.show_in_menus
    stories = {s.initials: s for s in SuccessStoryPage.objects.live()}
    assert set(stories) == {"E.C.", "V.B."}
    assert stories["E.C."].country_of_return_id == "PE"
    assert stories["E.C."].is_sensitive
    assert stories["V.B."].country_of_return_id == "BR"
    assert not stories["V.B."].is_sensitive
    assert all(s.consent_on_file and s.consent_date for s in stories.values())


def test_demo_load_twice_creates_nothing_new(story_index):
    stories.demo.load()
    english = {"locale__language_code": "en"}
    assert StoryIndexPage.objects.filter(**english).count() == 1
    assert SuccessStoryPage.objects.filter(**english).count() == 2


def test_demo_stories_carry_their_themes_and_retold_facts(ec_story, vb_story):
    assert ec_story.theme_labels == [
        "Protection of trafficking survivors",
        "Housing",
        "Psychosocial support",
    ]
    assert "Mujeres pa'lante" in str(ec_story.body)
    assert "gringa lanches" in str(vb_story.body)
    assert vb_story.listing_image is not None
