from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .i18n import localized_url
from .models import FooterText, Partner


class LocalizedPageLinkHandler(PageLinkHandler):
    """Links to pages in rich text keep the visitor in their language."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        return [
            f'<a href="{escape(localized_url(page.localized))}">' if page else "<a>"
            for page in cls.get_many(attrs_list)
        ]


# After Wagtail's own registration (order 0), which it replaces.
@hooks.register("register_rich_text_features", order=100)
def register_localized_page_links(features) -> None:
    features.register_link_type(LocalizedPageLinkHandler)


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = _("Partners")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "acronym", "country", "sort_order"]
    list_filter = ["country"]
    search_fields = ["name", "acronym"]
    ordering = ["sort_order", "name"]


register_snippet(PartnerViewSet)


class FooterTextViewSet(SnippetViewSet):
    model = FooterText
    icon = "doc-full"
    menu_label = _("Footer text")
    menu_order = 210
    add_to_settings_menu = True
    list_display = ["text", "locale"]


register_snippet(FooterTextViewSet)
