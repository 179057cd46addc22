from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailinglistConfig(AppConfig):
    name = "mailinglist"
    verbose_name = _("Newsletter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401 (records the country alerts' changes)
