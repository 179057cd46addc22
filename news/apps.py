from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home import related

        from .services import news_about

        # Pages of other sections show these about the countries they concern.
        related.register("related_news", news_about)
