from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = _("Success stories")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home import related

        from .services import stories_from

        # Pages of other sections show these about the countries they concern.
        related.register("related_stories", stories_from)
