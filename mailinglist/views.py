"""Public mailing-list pages: subscribe, confirm, unsubscribe, manage, and
"send me my link".

The views read input, call ``services`` and render; the rules live there.
Pages reached from an email link carry a signed token in their address: they
are never cached and never indexed.
"""

from http import HTTPStatus

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from home import spam
from home.http import SeeOther

from . import services, tokens
from .forms import ManageForm, SendLinkForm, SubscribeForm
from .models import Subscriber

# settings.FORM_RATE_LIMITS
SUBSCRIBE_RATE_LIMIT = "newsletter_subscribe"  # per IP: too many → 429
ADDRESS_RATE_LIMIT = "newsletter_subscribe_address"  # per address: silently dropped
SEND_LINK_RATE_LIMIT = "newsletter_send_link"  # per IP: too many → 429
SEND_LINK_ADDRESS_RATE_LIMIT = "newsletter_send_link_address"  # per address: dropped


def link_for(subscriber: Subscriber, purpose: tokens.Purpose) -> str:
    """The subscriber's signed ``manage`` or ``unsubscribe`` link, in this language."""
    return reverse(
        f"mailinglist:{purpose}", args=[tokens.make_token(subscriber, purpose)]
    )


def link_problem(
    token: str, purpose: tokens.Purpose
) -> services.MailingListError | None:
    """Why a link cannot work, found without using it (for GET); None if it may."""
    try:
        tokens.read_token(token, purpose)
    except tokens.TokenExpired:
        return services.ExpiredToken()
    except tokens.BadToken:
        return services.InvalidToken()
    return None


def left(request: HttpRequest) -> HttpResponse:
    """What the links of a subscription that ended show: it has left, and may
    subscribe again (the address is not known any more, so it is not filled in)."""
    return TemplateResponse(request, "mailinglist/left.html")


def token_error(request: HttpRequest, error: services.MailingListError, **context):
    """A link that cannot be used: 410 when it expired, 400 when it is not valid."""
    expired = isinstance(error, services.ExpiredToken)
    return TemplateResponse(
        request,
        "mailinglist/link_error.html",
        {"expired": expired, **context},
        status=HTTPStatus.GONE if expired else HTTPStatus.BAD_REQUEST,
    )


# No CSRF check: the subscribe form sits in the footer of every page, and a
# CSRF token there would make every page uncacheable (or, cached, fail for
# the next visitor). Forging this POST gains an attacker nothing: anyone may
# submit any address, nothing of the visitor's session is used or changed,
# and nothing is sent to the list before the address owner confirms.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """The subscription form; a valid POST records it and sends the confirmation link."""
    if request.method != "POST":
        return TemplateResponse(
            request, "mailinglist/subscribe.html", {"form": SubscribeForm()}
        )
    if not spam.allow(request, SUBSCRIBE_RATE_LIMIT):
        # The form again, with what the person typed, to send later.
        return spam.too_many_requests(
            request,
            SUBSCRIBE_RATE_LIMIT,
            "mailinglist/subscribe.html",
            {"form": SubscribeForm(request.POST), "rate_limited": True},
        )
    form = SubscribeForm(request.POST)
    if form.is_robot():
        # Exactly what a person sees, so the bot learns nothing.
        return SeeOther(reverse("mailinglist:check_inbox"))
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            # Someone sending one address's inbox a confirmation email every
            # minute from many machines gets the same page as everyone, and
            # no more email.
            if spam.allow(request, ADDRESS_RATE_LIMIT, key=email.lower()):
                services.subscribe(
                    email,
                    **form.preferences(),
                    consent_text=form.consent_text,
                    consent_version=services.CONSENT_VERSION,
                )
        except ValueError:
            # An address the form let through but the service refuses.
            form.add_error("email", form.fields["email"].error_messages["invalid"])
        else:
            return SeeOther(reverse("mailinglist:check_inbox"))
    return TemplateResponse(
        request,
        "mailinglist/subscribe.html",
        {"form": form},
        status=HTTPStatus.BAD_REQUEST,
    )


@require_http_methods(["GET", "HEAD"])
def check_inbox(request: HttpRequest) -> HttpResponse:
    """The same answer for every address: look for our email."""
    return TemplateResponse(request, "mailinglist/check_inbox.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST confirms (mail scanners follow links)."""
    if request.method != "POST":
        if error := link_problem(token, "confirm"):
            return token_error(request, error, action="confirm")
        return TemplateResponse(request, "mailinglist/confirm.html")
    try:
        subscriber = services.confirm(token)
    except services.MailingListError as error:
        return token_error(request, error, action="confirm")
    return TemplateResponse(
        request,
        "mailinglist/confirmed.html",
        {"subscriber": subscriber, "manage_url": link_for(subscriber, "manage")},
    )


# RFC 8058 one-click unsubscribe: the mail client POSTs
# "List-Unsubscribe=One-Click" to the link of the List-Unsubscribe header,
# with no cookie, session or CSRF token; that POST must unsubscribe at once.
# The CSRF check is lifted for this view only: the signed token in the
# address is the credential, and nobody can forge it for someone else.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button; any POST (one-click or the button) leaves the list."""
    if request.method != "POST":
        if error := link_problem(token, "unsubscribe"):
            return token_error(request, error, action="unsubscribe")
        if services.has_left(token, "unsubscribe"):
            return left(request)
        return TemplateResponse(request, "mailinglist/unsubscribe.html")
    try:
        services.unsubscribe(token)
    except services.MailingListError as error:
        return token_error(request, error, action="unsubscribe")
    return TemplateResponse(request, "mailinglist/unsubscribed.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """A confirmed subscriber changes language and interests."""
    try:
        subscriber = services.subscriber_from_manage_token(token)
    except services.MailingListError as error:
        if services.has_left(token, "manage"):
            return left(request)
        return token_error(request, error, action="manage")
    form = ManageForm.for_subscriber(
        subscriber, request.POST if request.method == "POST" else None
    )
    if form.is_bound and form.is_valid():
        services.update_preferences(subscriber, **form.preferences())
        messages.success(request, _("Your choices are saved."))
        return SeeOther(request.path)
    return TemplateResponse(
        request,
        "mailinglist/manage.html",
        {
            "form": form,
            "subscriber": subscriber,
            "unsubscribe_url": link_for(subscriber, "unsubscribe"),
        },
        status=HTTPStatus.BAD_REQUEST if form.is_bound else HTTPStatus.OK,
    )


@csrf_exempt  # as ``subscribe``: a forged POST only emails a link to its owner
@require_http_methods(["GET", "HEAD", "POST"])
def send_link(request: HttpRequest) -> HttpResponse:
    """ "Send me my link": the same answer for every address (``link_sent``);
    the service emails the link only when the address is on the list."""
    if request.method != "POST":
        return TemplateResponse(
            request, "mailinglist/send_link.html", {"form": SendLinkForm()}
        )
    if not spam.allow(request, SEND_LINK_RATE_LIMIT):
        return spam.too_many_requests(
            request,
            SEND_LINK_RATE_LIMIT,
            "mailinglist/send_link.html",
            {"form": SendLinkForm(request.POST), "rate_limited": True},
        )
    form = SendLinkForm(request.POST)
    if form.is_robot():
        return SeeOther(reverse("mailinglist:link_sent"))
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            if spam.allow(request, SEND_LINK_ADDRESS_RATE_LIMIT, key=email.lower()):
                services.send_manage_link(email)
        except ValueError:
            form.add_error("email", form.fields["email"].error_messages["invalid"])
        else:
            return SeeOther(reverse("mailinglist:link_sent"))
    return TemplateResponse(
        request,
        "mailinglist/send_link.html",
        {"form": form},
        status=HTTPStatus.BAD_REQUEST,
    )


@require_http_methods(["GET", "HEAD"])
def link_sent(request: HttpRequest) -> HttpResponse:
    """The same answer for every address: if it is on the list, look for our email."""
    return TemplateResponse(request, "mailinglist/link_sent.html")
