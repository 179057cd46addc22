"""Demo content for the stories app: the index and the newsletter's two stories.

Creates what is missing and leaves what exists alone, so it can run any number
of times. The stories retell the newsletter in new words; the people appear by
initials only.
"""

import datetime

from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.demo_images import draw_landscape, get_or_create_image
from home.models import HomePage

from .models import StoryIndexPage, SuccessStoryPage, SuccessStoryTheme
from .services import record_consent_check

INDEX_INTRODUCTION = (
    "<p>People who went back to Latin America with the support of a One Stop Shop "
    "tell how their return went. Every story is published with the person's written "
    "consent, and we only ever use their initials.</p>"
)

STORIES = [
    {
        "slug": "from-barcelona-to-peru-ec-starts-again",
        "title": "From Barcelona to Peru: E.C. starts again",
        "initials": "E.C.",
        "country_lived_in_id": "ES",
        "country_of_return_id": "PE",
        "year_of_return": 2015,
        "themes": ["trafficking-survivors", "housing", "psychosocial-support"],
        "is_sensitive": True,
        "consent_date": datetime.date(2016, 2, 10),
        "image_seed": 21,
        "listing_summary": "After years in Barcelona, a survivor of sexual "
        "exploitation chose to go home to Peru and found a place to begin again.",
        "pull_quote": "I decided for myself, and now I can write my own story.",
        "body": [
            (
                "paragraph",
                "<p>E.C. lived in Barcelona for about half of her life, much of it "
                "under sexual exploitation. The women's organisation <i>Mujeres "
                "pa'lante</i> (Women Moving Forward) learnt of her situation and "
                "stood by her while she worked out, freely and in her own time, "
                "what she wanted next.</p>",
            ),
            ("heading", "Choosing to go home"),
            (
                "paragraph",
                "<p>Her answer was to go back to Peru. The One Stop Shops made the "
                "journey possible and were waiting for her when she arrived, when "
                "she did not know where to turn.</p>",
            ),
            ("heading", "A place of her own"),
            (
                "paragraph",
                "<p>The team first looked for relatives or friends who could support "
                "her. That search came to nothing, so they helped her find somewhere "
                "to live where she feels at ease: a starting point from which to "
                "build the next chapter herself.</p>",
            ),
        ],
    },
    {
        "slug": "from-spain-to-brazil-vb-opens-a-food-business",
        "title": "From Spain to Brazil: V.B. puts a food business on wheels",
        "initials": "V.B.",
        "country_lived_in_id": "ES",
        "country_of_return_id": "BR",
        "year_of_return": 2015,
        "themes": ["entrepreneurship", "family", "employment"],
        "is_sensitive": False,
        "consent_date": datetime.date(2016, 2, 15),
        "image_seed": 27,
        "listing_summary": "Twelve years in Spain, then home to Brazil to care for her "
        "parents, and a delivery business that now runs two vans.",
        "pull_quote": "I saw it as an opportunity. Now I see my life here.",
        "body": [
            (
                "paragraph",
                "<p>V.B. moved between several European countries before settling in "
                "Spain, where she stayed twelve years, ran her own business and was "
                "registered as self-employed. She found the paperwork there very "
                "complicated, and when the renewal of her self-employment papers "
                "was refused she decided it was time to go back.</p>",
            ),
            ("heading", "Home for her family"),
            (
                "paragraph",
                "<p>She returned to Brazil to look after her parents, who were ill, "
                "and to be close to her children. There she heard of the One Stop "
                "Shop and asked it to help her return with a business plan.</p>",
            ),
            ("heading", "Gringa lanches"),
            (
                "paragraph",
                "<p>Her idea was <i>gringa lanches</i>, quick and affordable meals "
                "delivered to places in São Paulo where there is nowhere nearby to "
                "eat. Offices that are meant to advise new businesses could not tell "
                "her what she needed; the One Stop Shop guided her through every "
                "form needed to become an entrepreneur.</p>",
            ),
            (
                "paragraph",
                "<p>Today the business has two delivery vans, fixed stops and regular "
                "customers, and works from midday until two in the morning. V.B. had "
                "no background in catering, but she does not plan to go back to "
                "Spain: that chapter is closed.</p>",
            ),
        ],
    },
]


def load() -> StoryIndexPage | None:
    """Build the story index and the two demo stories, once.

    Nothing is done when a story index exists: the section is the editors'.
    """
    existing = StoryIndexPage.objects.first()
    if existing is not None:
        return existing
    locale = Locale.get_default()
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is None:
        return None
    index = ensure_index(home)
    for data in STORIES:
        ensure_story(index, data)
    return index


def ensure_index(home: HomePage) -> StoryIndexPage:
    index = StoryIndexPage.objects.child_of(home).filter(slug="stories").first()
    if index is None:
        index = StoryIndexPage(
            title="Success stories",
            slug="stories",
            show_in_menus=True,
            introduction=INDEX_INTRODUCTION,
            listing_summary="How people rebuilt their lives after returning with the "
            "help of a One Stop Shop.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def ensure_story(index: StoryIndexPage, data: dict) -> SuccessStoryPage:
    existing = (
        SuccessStoryPage.objects.child_of(index).filter(slug=data["slug"]).first()
    )
    if existing:
        return existing
    image = get_or_create_image(
        f"Demo: {data['initials']} story",
        "",
        lambda: draw_landscape(seed=data["image_seed"]),
        f"story-{data['slug'][:40]}.jpg",
    )
    body = [
        ("heading", {"text": value, "level": "h2"})
        if kind == "heading"
        else ("paragraph", RichText(value))
        for kind, value in data["body"]
    ]
    story = SuccessStoryPage(
        title=data["title"],
        slug=data["slug"],
        initials=data["initials"],
        country_lived_in_id=data["country_lived_in_id"],
        country_of_return_id=data["country_of_return_id"],
        year_of_return=data["year_of_return"],
        pull_quote=data["pull_quote"],
        listing_summary=data["listing_summary"],
        listing_image=image,
        body=body,
        consent_on_file=True,
        consent_date=data["consent_date"],
        is_sensitive=data["is_sensitive"],
        theme_links=[SuccessStoryTheme(theme=theme) for theme in data["themes"]],
        live=False,
    )
    index.add_child(instance=story)
    # The demo's people gave written consent (the newsletter tells their
    # stories): recorded as checked, as the Consent check team would.
    record_consent_check(story, user=None)
    story.save_revision().publish()
    return story
