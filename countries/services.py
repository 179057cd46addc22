"""Who helps with what, where: the queries behind country pages and "find help".

Every function reads user input only to compare it with known values in
Python, so odd input (unknown codes, control characters) never reaches the
database. Snippets are shown in the active language when translated, else in
the default language.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from home.choices import EUROPEAN_COUNTRIES, LATIN_AMERICAN_COUNTRIES
from home.http import page_site_url
from home.i18n import language_of, localize, localize_one, localized_url
from home.listings import specific_pages_with_images
from home.models import Partner
from home.pages import children_shown, visible
from home.questions import COUNTRY_FIELD, questions_page
from home.text import echo

from .models import (
    CountryPage,
    NeedCategory,
    RecognitionGuidePage,
    ResourceOrganisation,
)


def localized_needs() -> list[NeedCategory]:
    """Every need category in the visitor's language, in display order."""
    return list(localize(NeedCategory.objects.order_by("sort_order", "name")))


def find_need(needs: list[NeedCategory], slug: str) -> NeedCategory | None:
    """The need whose slug is ``slug`` among ``needs``, if any."""
    return next((need for need in needs if need.slug == slug), None)


def country_network(
    country_code: str, needs: list[NeedCategory]
) -> list[ResourceOrganisation]:
    """The organisations working in a country, each with ``display_needs``.

    ``display_needs`` are the organisation's needs shown in the visitor's
    language (``needs`` as loaded by ``localized_needs``), whichever translation
    the editor linked.
    """
    by_key = {need.translation_key: need for need in needs}
    organisations = list(
        localize(
            ResourceOrganisation.objects.filter(country_id=country_code)
            .prefetch_related("needs")
            .order_by("name")
        )
    )
    for organisation in organisations:
        linked = [by_key.get(n.translation_key, n) for n in organisation.needs.all()]
        organisation.display_needs = sorted(
            linked, key=lambda n: (n.sort_order, n.name)
        )
    return organisations


def organisations_covering(
    organisations: list[ResourceOrganisation], need: NeedCategory
) -> list[ResourceOrganisation]:
    """The organisations (from ``country_network``) that help with ``need``."""
    return [
        organisation
        for organisation in organisations
        if any(n.slug == need.slug for n in organisation.display_needs)
    ]


def questions_link(country_code: str) -> str:
    """The questions form (``questions_page``) with ``country_code`` filled in
    (``home.questions.initial_answers``), or '' without a form."""
    form_page = questions_page()
    if form_page is None:
        return ""
    url = localized_url(form_page)
    return f"{url}?{urlencode({COUNTRY_FIELD: country_code})}" if url else ""


def country_page_context(page: CountryPage, need_slug: str) -> dict:
    """What a country page shows: its network filtered by ``need_slug``, or its partners."""
    guides = recognition_guides(page)
    if page.country_id in dict(EUROPEAN_COUNTRIES):
        partners = list(
            localize(
                Partner.objects.filter(country=page.country_id)
                .select_related("logo")
                .order_by("sort_order", "name")
            )
        )
        return {"partners": partners, "guides": guides}
    needs = localized_needs()
    organisations = country_network(page.country_id, needs)
    need_slug = need_slug.strip()
    need = find_need(needs, need_slug) if need_slug else None
    context = {
        "needs": needs,
        "network_size": len(organisations),
        "selected_need": need,
        "unknown_need": echo(need_slug) if need_slug and need is None else "",
        "guides": guides,
    }
    if need is not None:
        organisations = organisations_covering(organisations, need)
    context["organisations"] = organisations
    # "Ask about Peru": the questions form with the country filled in, on
    # every page of a One Stop Shop, and as the next step where nobody helps.
    context["ask_url"] = questions_link(page.country_id)
    if not organisations:
        context["questions_url"] = context["ask_url"]
    return context


def recognition_guides(page: CountryPage) -> list[RecognitionGuidePage]:
    """The recognition guides under a country page that anyone may see, in the
    visitor's language where translated (``children_shown``), by title."""
    return specific_pages_with_images(
        children_shown(page, RecognitionGuidePage).order_by("title")
    )


def guide_context(guide: RecognitionGuidePage) -> dict:
    """What a recognition guide shows besides its fields: the country page it
    belongs to, when anyone may see it, for its One Stop Shop's contact."""
    country_page = (
        visible(CountryPage.objects.ancestor_of(guide))
        .select_related("country")
        .first()
    )
    return {
        "country_page": country_page,
        "has_general_advice": has_general_advice(guide),
    }


def has_general_advice(guide: RecognitionGuidePage) -> bool:
    """Whether a step or document of the guide is marked as general advice."""
    blocks = [*guide.steps, *guide.documents]
    return any(block.value.get("general") for block in blocks)


def guide_json_ld(guide: RecognitionGuidePage, request=None) -> dict:
    """schema.org ``HowTo`` data for a recognition guide: its steps, and the
    documents as supplies. Time and cost are free text, so only the cost is
    given (as text), and only when the editors wrote one."""
    data = {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": guide.title,
        "inLanguage": language_of(guide),
        "url": page_site_url(guide, request),
        "step": [
            {
                "@type": "HowToStep",
                "position": position,
                "name": block.value["title"],
                "text": block.value["text"] or block.value["title"],
            }
            for position, block in enumerate(guide.steps, start=1)
        ],
    }
    description = guide.summary or guide.introduction
    if description:
        data["description"] = description
    supplies = [block.value["document"] for block in guide.documents]
    if supplies:
        data["supply"] = [{"@type": "HowToSupply", "name": n} for n in supplies]
    if guide.typical_cost:
        data["estimatedCost"] = guide.typical_cost
    return data


def country_index_sections(index_page) -> dict:
    """The index's live country pages split into One Stop Shops and Europe,
    and its tools (every other child: "Find help", the checklist), in the
    editors' order."""
    pages = specific_pages_with_images(
        children_shown(index_page, CountryPage).order_by("title")
    )
    european = dict(EUROPEAN_COUNTRIES)
    tools = children_shown(index_page).not_type(CountryPage).order_by("path")
    return {
        "one_stop_shops": [p for p in pages if p.country_id not in european],
        "residence_countries": [p for p in pages if p.country_id in european],
        "tool_pages": list(tools),
    }


def country_page_for(country_code: str) -> CountryPage | None:
    """The live page of a country in the visitor's language, else the default's."""
    return localize_one(visible(CountryPage.objects.filter(country_id=country_code)))


@dataclass
class HelpAnswer:
    """What the find-help page shows for one pair of form values."""

    countries: list[tuple[str, str]]
    needs: list[NeedCategory]
    country_code: str = ""
    need: NeedCategory | None = None
    errors: list[str] = field(default_factory=list)
    prompt: str = ""
    organisations: list[ResourceOrganisation] = field(default_factory=list)
    country_page: CountryPage | None = None
    questions_url: str = ""

    @property
    def answered(self) -> bool:
        return bool(self.country_code and self.need and not self.errors)

    @property
    def country_name(self) -> str:
        return str(dict(LATIN_AMERICAN_COUNTRIES).get(self.country_code, ""))


def find_help(country_code: str, need_slug: str) -> HelpAnswer:
    """Organisations of a Latin American country that help with a need.

    Unknown values give an error message and no answer; a missing value gives a
    prompt. With both known, the answer holds the organisations and the
    country's page for the One Stop Shop contact; with no organisation, also
    the prefilled questions form (``questions_link``).
    """
    needs = localized_needs()
    answer = HelpAnswer(
        countries=[(code, str(name)) for code, name in LATIN_AMERICAN_COUNTRIES],
        needs=needs,
    )
    country_code = country_code.strip()
    need_slug = need_slug.strip()
    if country_code:
        if country_code.upper() in dict(LATIN_AMERICAN_COUNTRIES):
            answer.country_code = country_code.upper()
        else:
            answer.errors.append(
                _("We don't know the country “%(value)s”. Choose one from the list.")
                % {"value": echo(country_code)}
            )
    if need_slug:
        answer.need = find_need(needs, need_slug)
        if answer.need is None:
            answer.errors.append(
                _("We don't know the need “%(value)s”. Choose one from the list.")
                % {"value": echo(need_slug)}
            )
    if answer.errors:
        return answer
    if not answer.country_code and not answer.need:
        return answer
    if not answer.country_code:
        answer.prompt = _("Choose the country you are returning to.")
        return answer
    if not answer.need:
        answer.prompt = _("Choose what you need help with.")
        answer.country_page = country_page_for(answer.country_code)
        return answer
    answer.organisations = organisations_covering(
        country_network(answer.country_code, needs), answer.need
    )
    answer.country_page = country_page_for(answer.country_code)
    if not answer.organisations:
        answer.questions_url = questions_link(answer.country_code)
    return answer
