"""The closed list of story themes: stable slugs for filters, gettext labels."""

from django.utils.translation import gettext_lazy as _

STORY_THEMES = [
    ("entrepreneurship", _("Entrepreneurship")),
    ("employment", _("Employment")),
    ("family", _("Family")),
    ("housing", _("Housing")),
    ("trafficking-survivors", _("Protection of trafficking survivors")),
    ("psychosocial-support", _("Psychosocial support")),
    ("training", _("Training and skills")),
]
