"""allauth's "too many requests" answer, as the site's other forms give it.

allauth's rate limits (``ACCOUNT_RATE_LIMITS``) answer through the
``handler429`` of the root URLconf when there is one
(``allauth.core.ratelimit.respond_429``). ``rate_limited`` is that handler:
for the log-in, sign-up and password-reset forms it gives back the page
with the form, what was typed kept (never a password), in the visitor's
language, saying how long to wait (``home.spam.too_many_requests``, 429 with
``Retry-After``); any other limited request gets the site's 429 page.
"""

from allauth.account import app_settings
from django import forms
from django.http import HttpRequest, HttpResponse

from home import spam

# URL name of the form's page -> its allauth rate-limit action.
RATE_LIMITED_FORMS = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reset_password": "reset_password",
}


def wait_seconds(action: str) -> int:
    """The longest window of an allauth action's rates ("30/m/ip" -> 60)."""
    rates = (app_settings.RATE_LIMITS or {}).get(action) or ""
    # allauth's "amount/duration/per": the site's parser reads "amount/duration".
    windows = [
        rate.seconds
        for part in rates.split(",")
        if part.strip()
        for rate in spam.parse_rates("/".join(part.strip().split("/")[:2]))
    ]
    return max(windows, default=60)


def typed_values(form: forms.Form, data) -> dict:
    """What was typed into ``form``'s fields, passwords left out."""
    return {
        name: data.get(form.add_prefix(name))
        for name, field in form.fields.items()
        if not isinstance(field.widget, forms.PasswordInput)
        and form.add_prefix(name) in data
    }


def rate_limited(request: HttpRequest) -> HttpResponse:
    """429 for a request allauth's rate limits refused (see the module)."""
    match = request.resolver_match
    action = RATE_LIMITED_FORMS.get(match.url_name) if match else None
    view_class = getattr(match.func, "view_class", None) if match else None
    if request.method != "POST" or action is None or view_class is None:
        return spam.too_many_requests(request, None, seconds=wait_seconds(action or ""))
    view = view_class()
    view.setup(request, *match.args, **match.kwargs)
    kwargs = view.get_form_kwargs()
    kwargs.pop("data", None)
    kwargs.pop("files", None)
    form_class = view.get_form_class()
    # An unbound form: checking what was typed would count as an attempt.
    form = form_class(**kwargs)
    form = form_class(**{**kwargs, "initial": typed_values(form, request.POST)})
    return spam.too_many_requests(
        request,
        None,
        view.get_template_names()[0],
        {
            **view.get_context_data(form=form),
            "rate_limited": True,
            "password_not_kept": any(
                isinstance(field.widget, forms.PasswordInput)
                for field in form.fields.values()
            ),
        },
        seconds=wait_seconds(action),
    )
