"""The admin's list and export of the questions (``FormPage``), for the
questions team only (``questions.can_read``)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.views import FormPagesListView, SubmissionsListView

from . import questions
from .exports import SafeSpreadsheetMixin


class QuestionSubmissionsListView(SafeSpreadsheetMixin, SubmissionsListView):
    """An answer that starts with ``=`` arrives in a spreadsheet as text, not
    as a live formula, as in the bookings export."""

    forms_index_url_name = "questions_index"


class QuestionFormsListView(FormPagesListView):
    """Wagtail's list of form pages, open to the team without any page
    permission (the team reads answers; it need not edit pages) and closed to
    everybody else, editors included."""

    any_permission_required = None
    page_title = _("Questions")
    index_url_name = "questions_index"
    index_results_url_name = "questions_index_results"

    def dispatch(self, request, *args, **kwargs):
        if not questions.can_read(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
