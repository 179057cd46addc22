from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ChecklistStep


class ChecklistStepViewSet(SnippetViewSet):
    model = ChecklistStep
    icon = "list-ol"
    menu_label = _("Checklist steps")
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["title", "phase", "country", "situation", "sort_order"]
    list_filter = ["phase", "country", "situation", "needs", "is_general"]
    search_fields = ["title", "text"]
    ordering = ["phase", "sort_order", "title"]


register_snippet(ChecklistStepViewSet)
