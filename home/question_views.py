"""The admin's list and export of the questions (``FormPage``)."""

from wagtail.contrib.forms.views import SubmissionsListView

from .exports import SafeSpreadsheetMixin


class QuestionSubmissionsListView(SafeSpreadsheetMixin, SubmissionsListView):
    """An answer that starts with ``=`` arrives in a spreadsheet as text, not
    as a live formula, as in the bookings export."""
