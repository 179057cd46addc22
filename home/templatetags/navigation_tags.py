"""Site-wide navigation: main menu, breadcrumbs, language links and footer."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from wagtail.models import Page, Site

from home.i18n import (
    language_in_sentence,
    language_of,
    localize,
    localize_one,
    localized_url,
    native_name,
    with_language_prefix,
)
from home.models import FooterText, Partner, SiteSettings
from home.pages import visible

register = template.Library()


def _site_roots(context) -> tuple[Page | None, Page | None]:
    """The site's home page, and its version in the active language; once per request.

    Both are the same page while the home page has no live translation into
    the active language.
    """
    request = context.get("request")
    if request is None:
        return None, None
    if not hasattr(request, "_site_roots"):
        site = Site.find_for_request(request)
        root = site.root_page if site else None
        request._site_roots = (root, root.localized if root else None)
    return request._site_roots


def _site_root(context) -> Page | None:
    return _site_roots(context)[1]


def _ancestors(page: Page) -> list[Page]:
    """The page's ancestors, root first, read once per page object: the menu
    and the breadcrumbs both need them."""
    if not hasattr(page, "_navigation_ancestors"):
        page._navigation_ancestors = list(page.get_ancestors())
    return page._navigation_ancestors


@register.simple_tag(takes_context=True)
def page_href(context, page: Page) -> str:
    """The page's address in the language the visitor is browsing (see localized_url)."""
    return localized_url(page, context.get("request"))


@register.simple_tag(takes_context=True)
def lang_attr(context, obj=None) -> str:
    """` lang="xx"` when the object's text (the default language's when ``obj`` is
    None) is not in the language of the interface around it, else nothing."""
    code = settings.LANGUAGE_CODE if obj is None else language_of(obj)
    if code == translation.get_language():
        return ""
    return format_html(' lang="{}"', code)


@register.simple_tag
def other_language(obj) -> str:
    """The name, in the interface language, of the language ``obj`` is written
    in when that is not the interface language (else ""): for the notice of a
    page not yet translated, and the badge of its card."""
    code = language_of(obj)
    if code == translation.get_language():
        return ""
    return language_in_sentence(code)


@register.inclusion_tag("components/untranslated_notice.html")
def untranslated_notice(page) -> dict:
    """ "This page is not yet available in Spanish", on a page shown in another
    language than the interface's."""
    if not getattr(page, "locale_id", None) or not other_language(page):
        return {"language": ""}
    # Inside <main>, which carries the page's language: the notice says its own.
    current = translation.get_language()
    return {"language": language_in_sentence(current), "lang": current}


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    """The home page of the active language (the default one when untranslated)."""
    root = _site_root(context)
    return page_href(context, root) if root else "/"


def menu_pages(default_root: Page, root: Page) -> list[Page]:
    """Pages "shown in menus" under the home page, in the visitor's language.

    Pages not yet translated appear in the default language. All follow the
    default tree's order; pages that exist only in the translated tree come
    last. One query.
    """
    place_in_default_tree = Subquery(
        Page.objects.child_of(default_root)
        .filter(translation_key=OuterRef("translation_key"))
        .values("path")[:1]
    )
    children = Page.objects.child_of(default_root) | Page.objects.child_of(root)
    return list(
        localize(visible(children).in_menu())
        .annotate(menu_order=Coalesce(place_in_default_tree, F("path")))
        .order_by("menu_order")
    )


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context) -> dict:
    """The home page and the pages under it marked "show in menus"."""
    default_root, root = _site_roots(context)
    current = context.get("page")
    # Compared by translation: the Spanish "Noticias" item is current on an
    # English article shown under /es/.
    above = set()
    # Only a page below a menu item has one above it (menu items are the home
    # page's children): no query on the home page and its children.
    if isinstance(current, Page) and current.pk and current.depth > 3:
        above = {ancestor.translation_key for ancestor in _ancestors(current)}
    items = []
    if root is not None:
        for item in [root, *menu_pages(default_root, root)]:
            if current is None:
                state = None
            elif current.translation_key == item.translation_key:
                state = "page"
            elif item.depth > root.depth and item.translation_key in above:
                state = "true"
            else:
                state = None
            items.append({"page": item, "current": state})
    return {"items": items, "request": context.get("request")}


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context) -> dict:
    """Ancestors of the current page below the tree root, when it is not the
    home page, each in the visitor's language where translated (an English
    article under /es/ sits in "Noticias")."""
    page = context.get("page")
    ancestors = []
    if page is not None and page.depth > 2:
        own = [a for a in _ancestors(page) if a.depth > 1 and a.live]
        shown = {
            ancestor.translation_key: ancestor
            for ancestor in localize(
                visible(
                    Page.objects.filter(
                        translation_key__in=[a.translation_key for a in own]
                    )
                )
            )
        }
        ancestors = [shown.get(a.translation_key, a) for a in own]
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.inclusion_tag("components/language_links.html", takes_context=True)
def language_links(context) -> dict:
    """One link per language: the page's translation where it exists, else the
    same path; the query string (filters, search words) kept for each alike."""
    request = context.get("request")
    page = context.get("page")
    translations = {}
    if isinstance(page, Page) and page.pk:
        # Only translations anyone may see: a restricted one is never linked.
        for translated in visible(page.get_translations(inclusive=True)).select_related(
            "locale"
        ):
            translations[translated.locale.language_code] = translated.get_url(request)
    current = translation.get_language()
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    # A route of the page (``past/``) is kept too.
    route = ""
    if translations and request is not None:
        own = with_language_prefix(page.get_url(request) or "", current)
        if own and request.path.startswith(own):
            route = request.path[len(own) :]
    links = []
    for code, _name in settings.LANGUAGES:
        if code in translations:
            url = translations[code] + route + (f"?{query}" if query else "")
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = f"/{code}/"
        links.append(
            {
                "code": code,
                "name": native_name(code),
                # Through the chooser, which remembers the choice.
                "url": f"{reverse('choose_language', args=[code])}?"
                + urlencode({"next": url}),
                "target": url,
                "current": code == current,
            }
        )
    return {"links": links}


@register.simple_tag
def footer_text() -> FooterText | None:
    """The footer's words in the active language, else in the default language:
    the default language's text (the first, should there be several) and its
    translations."""
    source = (
        FooterText.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("pk")
        .values("translation_key")[:1]
    )
    return localize_one(FooterText.objects.filter(translation_key__in=source))


@register.inclusion_tag("components/footer_partners.html", takes_context=True)
def footer_partners(context) -> dict:
    """Partners in the active language, else in the default language."""
    partners = (
        Partner.objects.select_related("logo")
        .prefetch_related("logo__renditions")
        .order_by("sort_order", "name")
    )
    return {"partners": list(localize(partners))}


def _once_per_request(context, name: str, read):
    """``read()``, kept on the request as ``name``: a footer and the forms of
    one page share one query (None without a request)."""
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, name):
        setattr(request, name, read(request))
    return getattr(request, name)


def _privacy_page(request) -> Page | None:
    chosen = SiteSettings.for_request(request).privacy_page_id
    if not chosen:
        return None
    return localize_one(
        visible(
            Page.objects.filter(
                translation_key__in=Page.objects.filter(pk=chosen).values(
                    "translation_key"
                )
            )
        )
    )


@register.simple_tag(takes_context=True)
def privacy_notice(context) -> Page | None:
    """The privacy notice chosen in the site's settings, in the visitor's
    language where translated (live and public only), read once a request."""
    return _once_per_request(context, "_privacy_notice", _privacy_page)


@register.simple_tag(takes_context=True)
def questions_form(context):
    """The questions form in the visitor's language, for the footer (read
    once a request)."""
    from home.questions import questions_page

    return _once_per_request(context, "_questions_page", lambda _r: questions_page())
