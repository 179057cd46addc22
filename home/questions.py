"""The questions form (``FormPage``): its form builder and its two emails.

Robots are kept out as on every public form (``home.spam``).

A submission is stored first; the email to the programme team and the
acknowledgement to the sender are sent by a task once the transaction commits,
so a slow or failing mail server never loses a question nor breaks the page
(the submission stays in the admin's Forms section either way).

The acknowledgement never repeats what was written: anybody can type someone
else's address into the form, and the site must not relay their text.
"""

import logging
import smtplib
from collections.abc import Iterable, Mapping
from functools import partial

from django import forms
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django_tasks import task
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page, Site

from .choices import PROGRAMME_COUNTRIES
from .http import page_site_url

logger = logging.getLogger(__name__)

RATE_LIMIT_ACTION = "question"  # settings.FORM_RATE_LIMITS, per IP
ACKNOWLEDGEMENT_RATE_LIMIT = "question_acknowledgement"  # per address

# The answers hold names, addresses and messages: only this group (and
# superusers) reads and exports them, never every editor (migration 0006).
TEAM_GROUP = "Questions team"
READ_PERMISSION = "home.view_questions"
MAX_MESSAGE_LENGTH = 5000
# The field a link such as ``?country=BR`` fills in (its name is the same in
# every language: ``FormField.clean_name`` is synchronised).
COUNTRY_FIELD = "country"


def questions_page():
    """The questions form in the visitor's language (else the default's): the
    live form page that has a country list. The footer, find help, country
    pages and search without results link to it."""
    from .i18n import localize_one
    from .models import FormPage
    from .pages import visible

    return localize_one(
        visible(FormPage.objects.filter(form_fields__clean_name=COUNTRY_FIELD))
    )


def can_read(user) -> bool:
    """Whether ``user`` may read and export the questions people sent."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.has_perm(READ_PERMISSION)
    )


def readable_forms(user, form_pages):
    """The form pages whose answers ``user`` may read: every one for the
    questions team, whatever pages they may edit; none for anybody else
    (Wagtail's ``filter_form_submissions_for_user`` hook)."""
    if not can_read(user):
        return form_pages.none()
    from wagtail.contrib.forms.utils import get_form_types

    return Page.objects.filter(content_type__in=get_form_types())


class FormPageFormBuilder(FormBuilder):
    """Wagtail's form builder with an empty first choice and a length cap."""

    def create_dropdown_field(self, field, options):
        options["choices"] = [
            ("", gettext("Choose…")),
            *self.get_formatted_field_choices(field),
        ]
        return forms.ChoiceField(**options)

    def create_multiline_field(self, field, options):
        options["max_length"] = MAX_MESSAGE_LENGTH
        return super().create_multiline_field(field, options)


def initial_answers(page: Page, query: Mapping) -> dict[str, str]:
    """Answers filled in from the address: ``?country=BR`` chooses that
    country in the page's country list, in the page's language.

    Only a programme country's code that matches one of the list's choices
    counts; any other value (or a page without such a list) is ignored.
    """
    code = str(query.get(COUNTRY_FIELD) or "")[:10].strip().upper()
    names = dict(PROGRAMME_COUNTRIES)
    if code not in names:
        return {}
    with translation.override(page.locale.language_code):
        wanted = {str(names[code]).casefold()}
    with translation.override(settings.LANGUAGE_CODE):
        wanted.add(str(names[code]).casefold())
    for field in page.get_form_fields():
        if field.clean_name != COUNTRY_FIELD or field.field_type not in (
            "dropdown",
            "radio",
        ):
            continue
        builder = page.form_builder([field])
        for value, _label in builder.get_formatted_field_choices(field):
            if str(value).casefold() in wanted:
                return {field.clean_name: value}
    return {}


def send_emails_on_commit(submission: FormSubmission, *, acknowledge: bool) -> None:
    """Queue the submission's emails for when the current transaction commits;
    the acknowledgement only when ``acknowledge``."""
    transaction.on_commit(
        partial(send_submission_emails.enqueue, submission.pk, acknowledge)
    )


@task()
def send_submission_emails(submission_id: int, acknowledge: bool = True) -> int:
    """Email a stored submission to the team and, when ``acknowledge``,
    acknowledge it to the sender; returns emails sent.

    A failure is logged and the other email still goes: the submission itself
    is safe in the database and can be read in the admin.
    """
    submission = (
        FormSubmission.objects.select_related("page").filter(pk=submission_id).first()
    )
    if submission is None:
        return 0
    page = submission.page.specific
    messages = [
        message
        for message in (
            team_message(page, submission),
            acknowledgement(page, submission) if acknowledge else None,
        )
        if message is not None
    ]
    sent = 0
    connection = get_connection()
    for message in messages:
        message.connection = connection
        try:
            sent += message.send()
        except (smtplib.SMTPException, OSError) as error:
            logger.warning(
                "Form submission %s: email not sent: %s", submission_id, error
            )
    return sent


def recipients(page: Page) -> list[str]:
    """The page's ``to_address`` list, else the site settings' contact email."""
    addresses = [a.strip() for a in page.to_address.split(",") if a.strip()]
    if addresses:
        return addresses
    from .models import SiteSettings

    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    contact = SiteSettings.for_site(site).contact_email if site else ""
    return [contact] if contact else []


def sender_address(page: Page, data: Mapping) -> str:
    """The address the person gave in the page's first email field, or ''."""
    for field in page.get_form_fields():
        if field.field_type == "email":
            return str(data.get(field.clean_name) or "")
    return ""


def submissions_from(addresses: Iterable[str]) -> QuerySet[FormSubmission]:
    """The answers sent with one of ``addresses`` (any case) in an email field
    of their own form.

    Compared in Python, page by page: a field's name can be anything an
    editor's label makes of it (digits, double underscores), which a JSON key
    lookup would read as a path, and a field of that name on another page is
    not an email field there.
    """
    from .models import FormField

    lowered = {a.strip().lower() for a in addresses if a and a.strip()}
    if not lowered:
        return FormSubmission.objects.none()
    names_by_page: dict[int, set[str]] = {}
    for page_id, name in FormField.objects.filter(field_type="email").values_list(
        "page_id", "clean_name"
    ):
        names_by_page.setdefault(page_id, set()).add(name)
    ids = [
        pk
        for pk, page_id, data in FormSubmission.objects.filter(
            page_id__in=names_by_page
        ).values_list("pk", "page_id", "form_data")
        if any(
            str((data or {}).get(name) or "").strip().lower() in lowered
            for name in names_by_page[page_id]
        )
    ]
    return FormSubmission.objects.filter(pk__in=ids)


def delete_submissions_before(cutoff) -> int:
    """Delete the answers sent before ``cutoff`` (retention); returns how many."""
    deleted, _details = FormSubmission.objects.filter(submit_time__lt=cutoff).delete()
    return deleted


def export_submissions(addresses: Iterable[str]) -> list[dict]:
    """The answers sent with ``addresses``, JSON-ready: the form, when, and
    each answer under its label."""
    exported = []
    for submission in (
        submissions_from(addresses).select_related("page").order_by("submit_time")
    ):
        page = submission.page.specific
        labels = dict(page.get_data_fields())
        data = submission.get_data()
        exported.append(
            {
                "form": page.title,
                "submitted_at": submission.submit_time.isoformat(),
                "answers": {
                    str(labels.get(name, name)): value
                    for name, value in data.items()
                    if name != "submit_time"
                },
            }
        )
    return exported


def submission_rows(page: Page, submission: FormSubmission) -> list[tuple[str, str]]:
    """(label, answer) pairs in the order of the page's fields."""
    data = submission.get_data()
    rows = []
    for name, label in page.get_data_fields():
        value = data.get(name, "")
        if name == "submit_time":
            value = formats.date_format(
                timezone.localtime(value), "SHORT_DATETIME_FORMAT"
            )
        elif isinstance(value, bool):
            value = gettext("Yes") if value else gettext("No")
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        rows.append((str(label), str(value if value is not None else "")))
    return rows


def team_message(page: Page, submission: FormSubmission) -> EmailMessage | None:
    """The submission for the programme team; Reply-To is the sender when known."""
    to = recipients(page)
    if not to:
        logger.warning("Form page %s has no address to send submissions to.", page.pk)
        return None
    reply_to = sender_address(page, submission.form_data)
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "emails/questions/submission.txt",
            {
                "page": page,
                "rows": submission_rows(page, submission),
                "language": page.locale.get_display_name(),
                "submissions_url": settings.WAGTAILADMIN_BASE_URL
                + reverse("wagtailforms:list_submissions", args=[page.pk]),
            },
        )
        subject = page.subject or gettext("New message from “%(title)s”") % {
            "title": page.title
        }
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=[reply_to] if reply_to else None,
        headers={"Auto-Submitted": "auto-generated"},
    )


def acknowledgement(
    page: Page, submission: FormSubmission
) -> EmailMultiAlternatives | None:
    """A short "we received your message" in the page's language (no copy of it)."""
    to = sender_address(page, submission.form_data)
    if not to:
        return None
    with translation.override(page.locale.language_code):
        context = {
            "page": page,
            "page_url": page_site_url(page),
            "language_code": page.locale.language_code,
        }
        subject = gettext("We received your message · One Stop Shops")
        text = render_to_string("emails/questions/acknowledgement.txt", context)
        html = render_to_string("emails/questions/acknowledgement.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-replied"},
    )
    message.attach_alternative(html, "text/html")
    return message
