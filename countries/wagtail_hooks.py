from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import NeedCategory, ResourceOrganisation


class NeedCategoryViewSet(SnippetViewSet):
    model = NeedCategory
    icon = "tag"
    menu_label = _("Needs")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name", "slug"]
    ordering = ["sort_order", "name"]


class ResourceOrganisationViewSet(SnippetViewSet):
    model = ResourceOrganisation
    icon = "site"
    menu_label = _("Organisations")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["country", "kind", "needs"]
    search_fields = ["name", "acronym"]
    ordering = ["name"]


register_snippet(NeedCategoryViewSet)
register_snippet(ResourceOrganisationViewSet)
