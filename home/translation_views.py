"""Save and submit a translation from wagtail-localize's translation editor.

The editor offers "Publish in <language>" to those who may publish and
nothing to anyone else: a translator's work stayed in the editor's segments,
with no draft to preview and no way into review. These actions turn the
translated segments into a draft revision of the page (as "Publish" would,
without going live) and, for "submit", start the page's review workflow,
which notifies its reviewers by email.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views import View
from wagtail.models import Page
from wagtail_localize.models import Translation

ACTIONS = ("save", "submit")


def translation_of(page: Page) -> Translation | None:
    """The enabled translation whose target is ``page`` (wagtail-localize's
    own lookup for its editor), or None for a page that is not one."""
    return Translation.objects.filter(
        source__object_id=page.translation_key,
        target_locale_id=page.locale_id,
        enabled=True,
    ).first()


class TranslationDraftView(View):
    http_method_names = ["post"]

    def post(self, request, page_id: int):
        page = get_object_or_404(Page, pk=page_id).specific
        translation = translation_of(page)
        if translation is None:
            return HttpResponseBadRequest(gettext("This page is not a translation."))
        action = request.POST.get("action")
        if action not in ACTIONS:
            return HttpResponseBadRequest(gettext("Choose save or submit."))
        perms = page.permissions_for_user(request.user)
        if not perms.can_edit():
            raise PermissionDenied
        back = redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        language = translation.target_locale.get_display_name()
        if perms.page_locked():
            messages.error(
                request, gettext("This page is locked: it cannot be changed now.")
            )
            return back
        if action == "submit" and not perms.can_submit_for_moderation():
            messages.error(
                request,
                gettext("This page is already in review, or has no review workflow."),
            )
            return back
        try:
            translation.save_target(user=request.user, publish=False)
        except ValidationError:
            messages.error(
                request,
                gettext(
                    "The translation has errors: fix the fields marked in the "
                    "editor, then save again."
                ),
            )
            return back
        if action == "save":
            messages.success(
                request,
                gettext("Draft of the %(language)s translation saved.")
                % {"language": language},
            )
            return back
        page = Page.objects.get(pk=page.pk).specific
        page.get_workflow().start(page, request.user)
        messages.success(
            request,
            gettext(
                "The %(language)s translation was submitted for review: its "
                "reviewers have been told by email."
            )
            % {"language": language},
        )
        return back
