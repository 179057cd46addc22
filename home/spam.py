"""Keeping robots out of the forms anyone may post: one honeypot, one rate limit.

Every public form without an account behind it (the questions form, the
newsletter forms) uses these, and nothing else:

- ``HoneypotForm``: adds a field people never see (hidden by CSS, skipped
  by the keyboard and by autofill); robots that fill every field fill it.
  ``is_robot(data)`` says whether it came back filled in.
- ``allow(request, action, key=None)``: counts one attempt at ``action`` for
  the client's address (read as allauth reads it: see
  ``ALLAUTH_TRUSTED_PROXY_COUNT``), or for ``key`` (an email address...);
  False once one of the rates in ``settings.FORM_RATE_LIMITS[action]``
  ("5/10m", "3/h,10/d") is used up.
- ``too_many_requests(request, action)``: the 429 "try again later" page,
  in the visitor's language, with ``Retry-After`` (allauth's rate limits
  answer with it too: ``accounts.rate_limits``).

Counts live in the default cache (Redis in production, shared by every web
machine), in fixed windows, under a hash of the address: no IP address or
email is stored in the cache. A cache that fails lets the attempt through and
logs it: a robot getting through is a nuisance, a form nobody can send is
worse.
"""

import hashlib
import logging
import re
import time
from dataclasses import dataclass
from http import HTTPStatus

from allauth.account.adapter import get_adapter
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "homepage_url"
_RATE = re.compile(r"(\d+)/(\d*)([smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


# -- the honeypot -------------------------------------------------------------


def is_robot(data) -> bool:
    """Whether submitted ``data`` (a QueryDict or dict) filled in the honeypot."""
    return bool(str(data.get(HONEYPOT_FIELD) or "").strip())


class HoneypotForm(forms.Form):
    """A form with the honeypot field; mix it into any public form."""

    homepage_url = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_robot(self) -> bool:
        """True when the hidden honeypot field came back filled in."""
        return self.is_bound and is_robot(self.data)


assert HONEYPOT_FIELD in HoneypotForm.base_fields


def with_honeypot(form_class: type[forms.Form]) -> type[forms.Form]:
    """``form_class`` (built at run time, as Wagtail's form pages are) plus the
    honeypot field, last."""
    return type(form_class.__name__, (HoneypotForm, form_class), {})


# -- the rate limit -----------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """At most ``amount`` attempts every ``seconds``."""

    amount: int
    seconds: int


def parse_rates(text: str) -> list[Rate]:
    """``"5/10m,20/d"`` as rates; a malformed part is a configuration error.

    :raises ImproperlyConfigured: for a part that is not ``N/[n]s|m|h|d``.
    """
    rates = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        match = _RATE.fullmatch(part)
        if match is None:
            raise ImproperlyConfigured(
                f"FORM_RATE_LIMITS: {part!r} is not a rate like 5/10m."
            )
        amount, count, unit = match.groups()
        rates.append(Rate(int(amount), int(count or 1) * _UNIT_SECONDS[unit]))
    return rates


def rates_for(action: str) -> list[Rate]:
    return parse_rates(getattr(settings, "FORM_RATE_LIMITS", {}).get(action, ""))


def client_address(request: HttpRequest) -> str:
    """The client's IP address, as allauth's own rate limits read it."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        # No usable address (a proxy count that does not match the request):
        # such requests share one counter.
        return "unknown"


def _counter_key(action: str, subject: str, rate: Rate, now: float) -> str:
    digest = hashlib.sha256(f"{action}\x1f{subject}".encode()).hexdigest()[:32]
    return f"form-rate:{action}:{rate.seconds}:{int(now // rate.seconds)}:{digest}"


def allow(request: HttpRequest, action: str, key: str | None = None) -> bool:
    """Count one attempt at ``action`` (per client address, or per ``key``);
    False when it goes over one of the action's rates."""
    subject = key if key is not None else client_address(request)
    now = time.time()
    allowed = True
    for rate in rates_for(action):
        counter = _counter_key(action, subject, rate, now)
        try:
            cache.add(counter, 0, timeout=rate.seconds)
            count = cache.incr(counter)
        except ValueError:  # expired between add and incr: a new window
            cache.set(counter, 1, timeout=rate.seconds)
            count = 1
        except Exception:  # noqa: BLE001 - a cache outage must not stop the form
            count = None
        if count is None:  # failed, or a backend that swallows its errors
            logger.warning("Rate limit for %s not counted: cache error", action)
            continue
        if count > rate.amount:
            allowed = False
    return allowed


def retry_after(action: str) -> int:
    """Seconds after which the longest window of ``action`` has passed."""
    return max((rate.seconds for rate in rates_for(action)), default=60)


def too_many_requests(
    request: HttpRequest,
    action: str | None,
    template: str = "429.html",
    context: dict | None = None,
    *,
    seconds: int | None = None,
) -> HttpResponse:
    """The "try again later" answer: 429 with ``Retry-After``, the site's own
    page by default, or a form's page given back with what was typed.

    The wait is the longest window of ``action``'s rates, or ``seconds``
    when given (allauth's limits, counted by allauth).
    """
    if seconds is None:
        seconds = retry_after(action or "")
    response = TemplateResponse(
        request,
        template,
        {**(context or {}), "retry_after_minutes": max(1, round(seconds / 60))},
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(seconds)
    return response
