"""Admin form for success stories: consent is required to publish, not to draft."""

from wagtail.admin.forms import WagtailAdminPageForm

from .services import (
    CONSENT_CHECK_REQUIRED_MESSAGE,
    CONSENT_REQUIRED_MESSAGE,
    consent_checked,
)


class SuccessStoryPageForm(WagtailAdminPageForm):
    """Refuses every action except "save draft" while consent is not recorded,
    and publishing while the Consent check team has not confirmed it.

    Wagtail defers required-field validation only for drafts; publishing,
    scheduling and submitting for moderation all validate in full, so they
    are the actions this check applies to. Publishing directly (a moderator's
    "Publish") or approving a later review step needs the consent check; the
    Consent check step itself is where it is given.
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            return cleaned_data
        if not cleaned_data.get("consent_on_file"):
            self.add_error("consent_on_file", CONSENT_REQUIRED_MESSAGE)
        if not cleaned_data.get("consent_date"):
            self.add_error("consent_date", CONSENT_REQUIRED_MESSAGE)
        if self.errors or not self._publishes():
            return cleaned_data
        self.instance.consent_date = cleaned_data["consent_date"]
        if not consent_checked(self.instance):
            self.add_error("consent_on_file", CONSENT_CHECK_REQUIRED_MESSAGE)
        return cleaned_data

    def _publishes(self) -> bool:
        """Whether the button pressed can put this story live."""
        if "action-publish" in self.data:
            return True
        if (
            "action-workflow-action" in self.data
            and self.data.get("workflow-action-name") == "approve"
        ):
            from .models import ConsentCheckTask

            task = self.instance.current_workflow_task
            return task is not None and not isinstance(task, ConsentCheckTask)
        return False
