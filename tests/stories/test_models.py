"""Page type rules and field validation of the story pages."""

import pytest
from django.core.exceptions import ValidationError

from home.models import HomePage, StandardPage
from stories.models import StoryIndexPage, SuccessStoryPage

pytestmark = pytest.mark.django_db


def test_story_index_lives_under_the_home_page_only():
    # HomePage.subpage_types has yet to list the index (a shared change), so this
    # checks the index's own side of the rule.
    assert StoryIndexPage.clean_parent_page_models() == [HomePage]
    assert StoryIndexPage.allowed_subpage_models() == [SuccessStoryPage]


def test_success_story_lives_under_a_story_index_only():
    assert SuccessStoryPage.allowed_parent_page_models() == [StoryIndexPage]
    assert SuccessStoryPage.allowed_subpage_models() == []


def test_success_story_can_be_created_under_the_index_but_not_elsewhere(
    story_index, home_page
):
    assert SuccessStoryPage.can_create_at(story_index)
    assert not SuccessStoryPage.can_create_at(home_page)
    assert not StandardPage.can_create_at(story_index)


@pytest.mark.parametrize("initials", ["E.C.", "V.B.", "Á.Ñ.", "M.", "A.B.C.D."])
def test_initials_accept_letters_each_followed_by_a_dot(vb_story, initials):
    vb_story.initials = initials
    vb_story.full_clean()


@pytest.mark.parametrize(
    "initials", ["Vera Bento", "VB", "V.B", "V.1.", "V. B.", "A.B.C.D.E.", "<b>.", ""]
)
def test_initials_refuse_names_and_other_text(vb_story, initials):
    vb_story.initials = initials
    with pytest.raises(ValidationError) as error:
        vb_story.full_clean()
    assert "initials" in error.value.message_dict


def test_country_of_return_must_have_a_one_stop_shop(vb_story):
    vb_story.country_of_return_id = "ES"
    with pytest.raises(ValidationError) as error:
        vb_story.full_clean()
    assert "country_of_return" in error.value.message_dict


def test_country_lived_in_must_be_european(vb_story):
    vb_story.country_lived_in_id = "PE"
    with pytest.raises(ValidationError) as error:
        vb_story.full_clean()
    assert "country_lived_in" in error.value.message_dict


@pytest.mark.parametrize("year", [1999, 2101])
def test_year_of_return_outside_the_sensible_range_is_refused(vb_story, year):
    vb_story.year_of_return = year
    with pytest.raises(ValidationError) as error:
        vb_story.full_clean()
    assert "year_of_return" in error.value.message_dict


def test_sensitive_story_gives_no_sitemap_urls(ec_story, vb_story):
    assert ec_story.get_sitemap_urls() == []
    assert [entry["location"] for entry in vb_story.get_sitemap_urls()] == [
        vb_story.get_full_url()
    ]


def test_theme_labels_are_listed_once_in_editor_order(make_story):
    story = make_story(themes=("housing", "family", "housing"))
    assert story.theme_labels == ["Housing", "Family"]


def test_country_of_return_code_names_the_one_stop_shop_country(ec_story):
    assert ec_story.country_of_return_code == "PE"
