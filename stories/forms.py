"""Admin form for success stories: consent is required to publish, not to draft."""

from wagtail.admin.forms import WagtailAdminPageForm

from .services import CONSENT_REQUIRED_MESSAGE


class SuccessStoryPageForm(WagtailAdminPageForm):
    """Refuses every action except "save draft" while consent is not recorded.

    Wagtail defers required-field validation only for drafts; publishing,
    scheduling and submitting for moderation all validate in full, so they
    are the actions this check applies to.
    """

    def clean(self):
        cleaned_data = super().clean()
        if not self.is_deferred_validation:
            if not cleaned_data.get("consent_on_file"):
                self.add_error("consent_on_file", CONSENT_REQUIRED_MESSAGE)
            if not cleaned_data.get("consent_date"):
                self.add_error("consent_date", CONSENT_REQUIRED_MESSAGE)
        return cleaned_data
