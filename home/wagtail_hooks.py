from django.urls import path, reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import questions
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


@hooks.register("filter_form_submissions_for_user")
def only_the_questions_team_reads_questions(user, form_pages):
    return questions.readable_forms(user, form_pages)


@hooks.register("register_admin_urls")
def register_questions_urls():
    from .question_views import QuestionFormsListView
    from .translation_views import TranslationDraftView

    return [
        path(
            "translations/<int:page_id>/draft/",
            TranslationDraftView.as_view(),
            name="translation_draft",
        ),
        path("questions/", QuestionFormsListView.as_view(), name="questions_index"),
        path(
            "questions/results/",
            QuestionFormsListView.as_view(results_only=True),
            name="questions_index_results",
        ),
    ]


class QuestionsMenuItem(MenuItem):
    def is_shown(self, request):
        return questions.can_read(request.user)


@hooks.register("register_admin_menu_item")
def register_questions_menu_item():
    return QuestionsMenuItem(
        _("Questions"),
        reverse("questions_index"),
        name="questions",
        icon_name="form",
        order=700,
    )


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels) -> None:
    """New questions, scheduled pages and the translation backlog (each panel
    checks who may see it)."""
    from .dashboard import (
        NewQuestionsPanel,
        ScheduledPagesPanel,
        TranslationBacklogPanel,
    )

    panels.extend(
        [NewQuestionsPanel(), ScheduledPagesPanel(), TranslationBacklogPanel()]
    )


@hooks.register("construct_main_menu")
def hide_wagtails_forms_menu(request, menu_items) -> None:
    """Wagtail's "Forms" asks for page permissions and shows editors an empty
    list: "Questions" replaces it."""
    menu_items[:] = [item for item in menu_items if item.name != "forms"]
