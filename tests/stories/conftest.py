"""Fixtures for the stories app that load only the home and stories demo content."""

import datetime

import pytest

import stories.demo
from stories.models import StoryIndexPage, SuccessStoryPage, SuccessStoryTheme
from stories.services import record_consent_check


@pytest.fixture
def story_index(home_page) -> StoryIndexPage:
    """The demo story index with the newsletter's two stories (E.C. sensitive)."""
    return stories.demo.load()


@pytest.fixture
def ec_story(story_index) -> SuccessStoryPage:
    return SuccessStoryPage.objects.get(locale__language_code="en", initials="E.C.")


@pytest.fixture
def vb_story(story_index) -> SuccessStoryPage:
    return SuccessStoryPage.objects.get(locale__language_code="en", initials="V.B.")


@pytest.fixture
def make_story(story_index):
    """Create a story under the demo index; published with consent unless told not to."""
    counter = {"n": 0}

    def make(
        publish: bool = True,
        themes: tuple[str, ...] = ("employment",),
        consent_checked: bool = True,
        **fields,
    ) -> SuccessStoryPage:
        counter["n"] += 1
        fields.setdefault("title", f"Story {counter['n']}")
        fields.setdefault("slug", f"story-{counter['n']}")
        fields.setdefault("initials", "A.B.")
        fields.setdefault("country_lived_in_id", "ES")
        fields.setdefault("country_of_return_id", "CL")
        fields.setdefault("year_of_return", 2016)
        fields.setdefault("pull_quote", f"Quote {counter['n']}.")
        fields.setdefault("consent_on_file", True)
        fields.setdefault("consent_date", datetime.date(2016, 1, 1))
        story = SuccessStoryPage(
            live=False,
            theme_links=[SuccessStoryTheme(theme=theme) for theme in themes],
            **fields,
        )
        story_index.add_child(instance=story)
        revision = story.save_revision()
        if publish:
            if consent_checked and story.consent_on_file and story.consent_date:
                record_consent_check(story, user=None)
            revision.publish()
            story.refresh_from_db()
        return story

    return make
