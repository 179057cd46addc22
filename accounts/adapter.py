"""Site-specific allauth behaviour (``ACCOUNT_ADAPTER``)."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from home.http import site_url
from home.i18n import current_language

from . import outbox


def on_site_url(value: str) -> str:
    """An absolute http(s) URL moved onto ``SITE_URL`` (same path and query);
    anything else unchanged."""
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or " " in value:
        return value
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return site_url(path + (f"#{parts.fragment}" if parts.fragment else ""))


def context_request():
    """The request allauth is answering (its context), or None."""
    from allauth.core import context

    return context.request


def home_url() -> str:
    """The home page under the active language's prefix (``/es/``...)."""
    return reverse("wagtail_serve", args=[""])


class AccountAdapter(DefaultAccountAdapter):
    """Remembers the signup language; sends people home in their own language.

    Redirects after login keep the language prefix because
    ``LOGIN_REDIRECT_URL`` is a URL name reversed under the active language;
    ``?next=`` is checked by allauth (``is_safe_url``).
    """

    def save_user(self, request, user, form, commit=True):
        """Store the optional full name and the language the person signed up in."""
        user = super().save_user(request, user, form, commit=False)
        user.full_name = " ".join(form.cleaned_data.get("full_name", "").split())
        user.preferred_language = current_language()
        if commit:
            user.save()
        return user

    def get_logout_redirect_url(self, request) -> str:
        """The home page in the language the person was browsing."""
        return home_url()

    def format_email_subject(self, subject: str) -> str:
        """ "[One Stop Shops] ..." with the programme's name in the email's language."""
        return f"[{gettext('One Stop Shops')}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails, through the task queue (``accounts.outbox``), naming
        the site as the rest of the site does: the programme's name in the
        request's language, and every link on ``SITE_URL``, whatever ``Host``
        the request came with (allauth builds its links from the request)."""
        site = SimpleNamespace(
            name=gettext("One Stop Shops"), domain=urlsplit(settings.SITE_URL).netloc
        )
        context = {
            key: on_site_url(value) if isinstance(value, str) else value
            for key, value in context.items()
        }
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": context_request(),
                "email": email,
                **context,
                "current_site": site,
            },
        )
        outbox.queue(message)
