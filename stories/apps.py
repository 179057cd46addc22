from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = _("Success stories")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from home import related

        from .models import StoryIndexPage
        from .services import stories_from

        # Pages of other sections show these about the countries they concern.
        related.register("related_stories", stories_from)
        post_save.connect(
            _new_story_index,
            sender=StoryIndexPage,
            dispatch_uid="stories_new_index_workflow",
        )


def _new_story_index(sender, instance, created, raw=False, **kwargs):
    """A new story index (another language's, say) is reviewed like the others."""
    if created and not raw:
        from .workflows import assign_story_workflow

        assign_story_workflow(instance)
