"""The pre-return checklist: which steps a person's choices give, in which
order, with who helps; its stable address; and the email of it.

The choices travel in the URL (``?country=PE&need=training&household=family``)
and are only compared with known values, so odd input never reaches a query.
Nothing about the person is stored: the emailed list is sent at once, not
queued (a queued task would keep the address).
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from countries.models import CountryPage, NeedCategory, ResourceOrganisation
from countries.services import (
    country_network,
    country_page_for,
    organisations_covering,
)
from home.choices import LATIN_AMERICAN_COUNTRIES
from home.i18n import localize

from .models import ChecklistStep

logger = logging.getLogger(__name__)

HOUSEHOLDS = ("alone", "family")
# How many of the network's organisations a step names when no editor chose one.
ORGANISATIONS_PER_STEP = 3
EMAIL_RATE_LIMIT = "checklist_email"  # per client address: a 429 over it
EMAIL_ADDRESS_RATE_LIMIT = "checklist_email_address"  # per address: no email


@dataclass(frozen=True)
class Choices:
    """What a person chose: a country, needs (slugs, in display order), and
    their situation."""

    country: str = ""
    needs: tuple[str, ...] = ()
    household: str = ""  # "alone", "family" or "" (not said)
    children: bool = False  # children of school age
    business: bool = False  # a business plan

    @property
    def situations(self) -> set[str]:
        """The step situations that apply: everyone's, and those chosen
        (children of school age come with a family)."""
        found = {ChecklistStep.Situation.EVERYONE.value}
        if self.household:
            found.add(self.household)
        if self.children:
            found |= {ChecklistStep.Situation.SCHOOL.value, "family"}
        if self.business:
            found.add(ChecklistStep.Situation.BUSINESS.value)
        return found

    def query(self) -> str:
        """The choices as a query string, always in the same order: the
        checklist's stable, shareable address."""
        params: list[tuple[str, str]] = [("country", self.country)]
        params += [("need", slug) for slug in self.needs]
        if self.household:
            params.append(("household", self.household))
        if self.children:
            params.append(("children", "1"))
        if self.business:
            params.append(("business", "1"))
        return urlencode(params)


@dataclass
class Step:
    """A step as the checklist shows it."""

    step: ChecklistStep
    organisations: list[ResourceOrganisation]

    @property
    def documents(self) -> list[str]:
        return self.step.document_list


@dataclass
class Phase:
    value: str
    label: str
    steps: list[Step] = field(default_factory=list)


@dataclass
class Checklist:
    """The list for one set of choices, phase by phase."""

    choices: Choices
    country_name: str
    needs: list[NeedCategory]
    phases: list[Phase]
    country_page: CountryPage | None = None

    @property
    def count(self) -> int:
        return sum(len(phase.steps) for phase in self.phases)


def country_choices() -> list[tuple[str, str]]:
    """The countries a person can return to: the One Stop Shops' countries."""
    return [(code, str(name)) for code, name in LATIN_AMERICAN_COUNTRIES]


def steps_for(choices: Choices, needs: list[NeedCategory]) -> list[ChecklistStep]:
    """The steps matching ``choices``, in the visitor's language where
    translated, in order (phase, then the editors' order). ``needs`` are the
    chosen needs, matched by translation key (whichever translation an editor
    linked).

    A step matches when its country is the chosen one or none, it has no
    needs or one of the chosen ones, and its situation is everyone's or one
    the person chose. The conditions are synchronised fields, the same in
    every translation.
    """
    keys = [need.translation_key for need in needs]
    matching = ChecklistStep.objects.filter(
        Q(country_id=choices.country) | Q(country__isnull=True),
        Q(needs__isnull=True) | Q(needs__translation_key__in=keys),
        situation__in=choices.situations,
    ).values("pk")
    steps = localize(ChecklistStep.objects.filter(pk__in=matching))
    order = {value: place for place, (value, _label) in enumerate(phases())}
    return sorted(
        steps.select_related("organisation").prefetch_related("needs"),
        key=lambda s: (order.get(s.phase, len(order)), s.sort_order, s.pk),
    )


def phases() -> list[tuple[str, str]]:
    """The phases, in the order the checklist shows them."""
    return [(value, str(label)) for value, label in ChecklistStep.Phase.choices]


def build_checklist(choices: Choices, all_needs: list[NeedCategory]) -> Checklist:
    """The checklist of ``choices`` (a known country; needs may be none);
    ``all_needs`` as ``localized_needs`` gives them (the form has them)."""
    chosen = [need for need in all_needs if need.slug in choices.needs]
    network = country_network(choices.country, all_needs)
    by_key = {organisation.translation_key: organisation for organisation in network}
    by_phase = {value: Phase(value, label) for value, label in phases()}
    for step in steps_for(choices, chosen):
        by_phase[step.phase].steps.append(
            Step(step, _helpers(step, network, by_key, all_needs))
        )
    return Checklist(
        choices=choices,
        country_name=dict(country_choices())[choices.country],
        needs=chosen,
        phases=[phase for phase in by_phase.values() if phase.steps],
        country_page=country_page_for(choices.country),
    )


def _helpers(step, network, by_key, all_needs) -> list[ResourceOrganisation]:
    """Who helps with ``step``: the organisation the editor chose (in the
    visitor's language, when it works in the country), else the network's
    organisations for the step's needs."""
    if step.organisation is not None:
        chosen = by_key.get(step.organisation.translation_key)
        return [chosen] if chosen is not None else []
    step_keys = {need.translation_key for need in step.needs.all()}
    found: list[ResourceOrganisation] = []
    for need in all_needs:
        if need.translation_key in step_keys:
            for organisation in organisations_covering(network, need):
                if organisation not in found:
                    found.append(organisation)
    return found[:ORGANISATIONS_PER_STEP]


# -- the email -------------------------------------------------------------


class EmailNotSent(Exception):
    """The mail server did not take the email."""


def email_checklist(checklist: Checklist, address: str, url: str) -> None:
    """Send ``checklist`` to ``address`` now, in the active language, with
    ``url``, its absolute address (the email address is used for this one
    message and kept nowhere).

    :raises EmailNotSent: when the mail server cannot be reached or refuses.
    """
    context = {"checklist": checklist, "url": url}
    subject = _("Your pre-return checklist: %(country)s") % {
        "country": checklist.country_name
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("checklist/email/checklist.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
    )
    message.attach_alternative(
        render_to_string("checklist/email/checklist.html", context), "text/html"
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Checklist email not sent: %s", type(error).__name__)
        raise EmailNotSent() from error
