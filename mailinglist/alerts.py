"""Country alerts: what changed in the countries a subscriber follows, weekly.

Recording (``receivers.py`` connects these): publishing a ``CountryPage``
(its page text, or its One Stop Shop details: office, how to get there,
contact fields) or a ``RecognitionGuidePage`` under it, and saving or
deleting a ``ResourceOrganisation`` (plain snippets, no publishing), each
record a ``CountryChange`` when content changed: a publish is compared with
the page's previous published revision, an organisation with its row before
the save. A thing already waiting for the next digest is not recorded again.
Nothing is recorded while the demo content loads.

Sending: ``build_country_digest`` makes, at most once per week (a database
constraint on ``Campaign.period_start``), one ``COUNTRY_DIGEST`` campaign
holding every change not sent yet; the campaign machinery (``sending.py``)
sends it, one delivery per follower, exactly once. ``DigestContent`` reads
the changed things in every language once per campaign, so each copy (per
language and set of followed countries) renders without a query.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageLogEntry, Revision, Site

from countries.models import (
    ContactDetails,
    CountryIndexPage,
    CountryPage,
    RecognitionGuidePage,
    ResourceOrganisation,
)
from home.choices import PROGRAMME_COUNTRIES
from home.http import site_url
from home.i18n import language_of, preferred_locales, with_language_prefix
from home.loading import is_loading_demo_content
from home.pages import visible

from .models import Campaign, CountryChange

Kind = CountryChange.Kind

# What a digest says about each kind of change, in the reader's language.
KIND_LABELS = {
    Kind.PAGE: _("Country page updated"),
    Kind.ONE_STOP_SHOP: _("One Stop Shop contact details updated"),
    Kind.GUIDE: _("Recognition guide updated"),
    Kind.ORGANISATION: _("Organisation added or updated"),
    Kind.ORGANISATION_REMOVED: _("Organisation no longer in the network"),
}

# The fields of a country page that are its One Stop Shop's details; the
# page's other own fields (title, introduction, body, country) are its text.
ONE_STOP_SHOP_FIELDS = frozenset(
    {"office_name", "how_to_get_there", *(f.name for f in ContactDetails._meta.fields)}
)


def _own_fields(model) -> list[str]:
    """The title and the fields ``model`` adds to Wagtail's ``Page``."""
    page_fields = {f.name for f in Page._meta.concrete_fields}
    return ["title"] + [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in page_fields and not f.name.endswith("_ptr")
    ]


# -- recording -------------------------------------------------------------


def record_change(country: str, kind: str, translation_key, title: str) -> bool:
    """Record one change unless the same thing already waits for a digest.

    Returns whether a row was added.
    """
    if not country:
        return False
    waiting = CountryChange.objects.filter(
        campaign=None, kind=kind, translation_key=translation_key
    )
    if waiting.exists():
        return False
    CountryChange.objects.create(
        country=country,
        kind=kind,
        translation_key=translation_key,
        title=str(title)[:255],
    )
    return True


def _previous_content(page: Page, revision: Revision) -> dict | None:
    """The content of the revision published before ``revision``, or None."""
    previous = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")
        .exclude(revision_id=None)
        .exclude(revision_id=revision.pk)
        .order_by("-timestamp", "-pk")
        .values_list("revision_id", flat=True)
        .first()
    )
    if previous is None:
        return None
    return (
        Revision.objects.filter(pk=previous).values_list("content", flat=True).first()
    )


def _normal(value):
    """A revision's field value as compared: a StreamField's JSON text parsed
    (two saves of the same blocks may order their keys differently)."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def changed_fields(model, content: dict, previous: dict | None) -> set[str]:
    """The own fields of ``model`` (``_own_fields``) that differ between two
    revisions' contents; all of them when there is no previous one."""
    names = _own_fields(model)
    if previous is None:
        return set(names)
    return {
        name
        for name in names
        if _normal(content.get(name)) != _normal(previous.get(name))
    }


def record_page_publish(page: Page, revision: Revision | None) -> list[str]:
    """Record what a publish of a country page or recognition guide changed.

    Returns the kinds recorded (none when nothing the readers see changed).
    """
    if is_loading_demo_content() or revision is None:
        return []
    page = page.specific
    changed = changed_fields(
        type(page), revision.content, _previous_content(page, revision)
    )
    if isinstance(page, CountryPage):
        country = page.country_id or ""
        kinds = []
        if changed - ONE_STOP_SHOP_FIELDS:
            kinds.append(Kind.PAGE)
        if changed & ONE_STOP_SHOP_FIELDS:
            kinds.append(Kind.ONE_STOP_SHOP)
    elif isinstance(page, RecognitionGuidePage):
        parent = CountryPage.objects.filter(pk=page.get_parent().pk).values_list(
            "country_id", flat=True
        )
        country = parent.first() or ""
        kinds = [Kind.GUIDE] if changed else []
    else:
        return []
    return [
        kind
        for kind in kinds
        if record_change(country, kind, page.translation_key, page.title)
    ]


ORGANISATION_FIELDS = [
    f.name
    for f in ResourceOrganisation._meta.concrete_fields
    if f.name not in {"id", "locale", "translation_key"}
]


def organisation_changed(organisation: ResourceOrganisation) -> bool:
    """Whether saving ``organisation`` changes what readers see (a new one does)."""
    if organisation.pk is None:
        return True
    before = ResourceOrganisation.objects.filter(pk=organisation.pk).first()
    if before is None:
        return True
    if (
        any(
            getattr(before, name) != getattr(organisation, name)
            for name in ORGANISATION_FIELDS
            if name != "country"
        )
        or before.country_id != organisation.country_id
    ):
        return True
    needs_before = set(before.needs.values_list("pk", flat=True))
    return needs_before != {need.pk for need in organisation.needs.all()}


def record_organisation_save(organisation: ResourceOrganisation) -> bool:
    """Record a saved organisation when ``organisation_changed`` said so."""
    if is_loading_demo_content() or not getattr(organisation, "_alert_changed", True):
        return False
    return record_change(
        organisation.country_id,
        Kind.ORGANISATION,
        organisation.translation_key,
        str(organisation),
    )


def record_organisation_delete(organisation: ResourceOrganisation) -> bool:
    """Record an organisation gone from the network (its last translation deleted)."""
    if is_loading_demo_content():
        return False
    if ResourceOrganisation.objects.filter(
        translation_key=organisation.translation_key
    ).exists():
        return False
    return record_change(
        organisation.country_id,
        Kind.ORGANISATION_REMOVED,
        organisation.translation_key,
        str(organisation),
    )


# -- the weekly digest -------------------------------------------------------


def week_start(day: date) -> date:
    """The Monday of ``day``'s week: a digest's ``period_start``."""
    return day - timedelta(days=day.weekday())


def _digest_page() -> Page:
    """The page a digest campaign names: the country index (default language),
    else the default site's home page."""
    index = (
        CountryIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("pk")
        .first()
    )
    if index is not None:
        return index
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return site.root_page if site else Page.get_first_root_node()


def build_country_digest(*, today: date | None = None) -> tuple[Campaign | None, bool]:
    """The country alerts campaign of ``today``'s week, made now if needed.

    A week has at most one digest: when it exists already it is returned
    (created False), whatever was recorded since (that waits for next week).
    Otherwise the changes not sent yet go into a new QUEUED campaign whose
    countries are theirs; with no change, nothing is made (None, False).
    Safe when two runs race: the unique constraint lets one create it.
    """
    now = timezone.now()
    period = week_start(today or timezone.localdate(now))
    digests = Campaign.objects.filter(
        kind=Campaign.Kind.COUNTRY_DIGEST, period_start=period
    )
    with transaction.atomic():
        # Lock first: a run that waited for another's lock then sees its digest.
        waiting = list(
            CountryChange.objects.select_for_update()
            .filter(campaign=None, recorded_at__lte=now)
            .values_list("pk", "country")
        )
        existing = digests.first()
        if existing is not None:
            return existing, False
        if not waiting:
            return None, False
        countries = sorted({country for _pk, country in waiting})
        try:
            with transaction.atomic():
                campaign = Campaign.objects.create(
                    kind=Campaign.Kind.COUNTRY_DIGEST,
                    period_start=period,
                    page=_digest_page(),
                    countries=countries,
                )
        except IntegrityError:
            return digests.get(), False
        CountryChange.objects.filter(pk__in=[pk for pk, _c in waiting]).update(
            campaign=campaign
        )
    return campaign, True


# -- what a digest shows -----------------------------------------------------


@dataclass
class DigestItem:
    """One changed thing as a digest lists it."""

    label: str
    title: str
    url: str
    language: str


@dataclass
class DigestSection:
    """A followed country and its changes."""

    country: str
    name: str
    items: list[DigestItem] = field(default_factory=list)


def _pick(candidates: list, language: str):
    """The translation to show: ``language``'s, else the default's, else any
    (the rule of ``home.i18n.localize_one``, applied to rows already read)."""
    if not candidates:
        return None
    rank = {
        locale_id: place for place, locale_id in enumerate(preferred_locales(language))
    }
    return min(candidates, key=lambda obj: (rank.get(obj.locale_id, len(rank)), obj.pk))


def _url(page: Page, language: str) -> str:
    parts = page.get_url_parts()
    if parts is None:
        return ""
    return site_url(with_language_prefix(parts[2], language))


class DigestContent:
    """A digest campaign's changes, with every translation of what they name.

    Reads everything in a fixed number of queries (``load``); ``sections``
    then answers for any language and countries from memory.
    """

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self.changes: list[CountryChange] = []
        self.pages: dict[uuid.UUID, list[Page]] = defaultdict(list)
        self.organisations: dict[uuid.UUID, list[ResourceOrganisation]] = defaultdict(
            list
        )
        self.country_pages: dict[str, list[CountryPage]] = defaultdict(list)
        self.loaded = False

    def load(self) -> DigestContent:
        if self.loaded:
            return self
        self.changes = list(self.campaign.country_changes.order_by("recorded_at", "pk"))
        organisation_kinds = {Kind.ORGANISATION, Kind.ORGANISATION_REMOVED}
        page_keys = {
            c.translation_key for c in self.changes if c.kind not in organisation_kinds
        }
        page_keys.add(self.campaign.page.translation_key)
        for page in visible(Page.objects.filter(translation_key__in=page_keys)):
            self.pages[page.translation_key].append(page)
        organisation_keys = {
            c.translation_key for c in self.changes if c.kind in organisation_kinds
        }
        if organisation_keys:
            for organisation in ResourceOrganisation.objects.filter(
                translation_key__in=organisation_keys
            ):
                self.organisations[organisation.translation_key].append(organisation)
        countries = {c.country for c in self.changes}
        for page in visible(CountryPage.objects.filter(country_id__in=countries)):
            self.country_pages[page.country_id].append(page)
        self.loaded = True
        return self

    def index_url(self, language: str) -> str:
        """The country index (the campaign's page) in ``language``."""
        page = _pick(self.pages.get(self.campaign.page.translation_key, []), language)
        return _url(page, language) if page else site_url("/")

    def _item(self, change: CountryChange, language: str) -> DigestItem | None:
        label = str(KIND_LABELS[change.kind])
        country_page = _pick(self.country_pages.get(change.country, []), language)
        if change.kind in (Kind.ORGANISATION, Kind.ORGANISATION_REMOVED):
            shown = _pick(self.organisations.get(change.translation_key, []), language)
            if shown is None and change.kind == Kind.ORGANISATION:
                return None  # deleted since: its removal is listed instead
            title = str(shown) if shown else change.title
            where = country_page
        else:
            shown = where = _pick(self.pages.get(change.translation_key, []), language)
            if shown is None:
                return None  # unpublished or restricted since
            title = shown.title
        return DigestItem(
            label=label,
            title=title,
            url=_url(where, language) if where else "",
            language=language_of(shown) if shown else language,
        )

    def sections(self, language: str, countries) -> list[DigestSection]:
        """The changes of ``countries``, by country (named in ``language``,
        sorted by that name), each thing once, in ``language`` where translated."""
        self.load()
        names = dict(PROGRAMME_COUNTRIES)
        wanted = set(countries)
        removed = {
            c.translation_key
            for c in self.changes
            if c.kind == Kind.ORGANISATION_REMOVED
        }
        by_country: dict[str, DigestSection] = {}
        seen = set()
        for change in self.changes:
            key = (change.kind, change.translation_key)
            if change.country not in wanted or key in seen:
                continue
            if change.kind == Kind.ORGANISATION and change.translation_key in removed:
                continue
            seen.add(key)
            item = self._item(change, language)
            if item is None:
                continue
            section = by_country.setdefault(
                change.country,
                DigestSection(
                    country=change.country, name=str(names.get(change.country, ""))
                ),
            )
            section.items.append(item)
        return sorted(by_country.values(), key=lambda s: s.name)
