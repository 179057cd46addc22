"""Admin form for news articles: a summary is required to publish, not to draft."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

SUMMARY_REQUIRED_MESSAGE = _("Write a short summary of the article.")


class NewsPageForm(WagtailAdminPageForm):
    """Requires ``listing_summary`` (listings, feeds and newsletters show it).

    Wagtail lifts the requirement for "save draft" only (deferred validation);
    publishing, scheduling and submitting for moderation all need it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        summary = self.fields.get("listing_summary")
        if summary is not None:
            summary.required = True
            summary.error_messages["required"] = SUMMARY_REQUIRED_MESSAGE
