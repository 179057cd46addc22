"""The checklist page's two routes: the list (GET) and "email it to me" (POST)."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.utils.translation import gettext as _

from countries.services import localized_needs
from home import spam
from home.http import SeeOther, site_url

from . import services
from .forms import ChoicesForm, EmailForm


def _choices_form(data, needs) -> ChoicesForm:
    """The choices form, bound when the address carries any of its fields
    (an address with only, say, a tracking parameter shows the empty form)."""
    bound = any(name in data for name in ChoicesForm.base_fields)
    return ChoicesForm(data if bound else None, needs=needs)


def _context(page, request, email_form=None) -> dict:
    """The form, and the checklist when the choices are valid."""
    needs = localized_needs()
    form = _choices_form(request.GET, needs)
    context = {"form": form, "email_form": email_form or EmailForm()}
    if form.is_bound and form.is_valid():
        choices = form.choices()
        query = choices.query()
        path = page.get_url(request)
        context.update(
            checklist=services.build_checklist(choices, needs),
            checklist_url=f"{path}?{query}",
            share_url=site_url(f"{path}?{query}"),
            email_url=f"{path}{page.reverse_subpage('email')}?{query}",
        )
    return context


def checklist(page, request):
    """The form, and under it the checklist of the choices in the address;
    400 with the form's messages when a choice is unknown."""
    context = _context(page, request)
    response = page.render(request, context_overrides=context)
    if context["form"].is_bound and "checklist" not in context:
        response.status_code = 400
    return response


def email_checklist(page, request):
    """POST: email the checklist of the choices in the address to the address
    typed, once; then back to the checklist with a message."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    email_form = EmailForm(request.POST)
    context = _context(page, request, email_form)
    if "checklist" not in context:  # the choices in the address are not valid
        response = page.render(request, context_overrides=context)
        response.status_code = 400
        return response
    if not spam.allow(request, services.EMAIL_RATE_LIMIT):
        return spam.too_many_requests(
            request,
            services.EMAIL_RATE_LIMIT,
            page.get_template(request),
            {**page.get_context(request), **context, "rate_limited": True},
        )
    done = SeeOther(context["checklist_url"] + "#checklist")
    if email_form.is_robot():
        # The same answer as to a person, and nothing sent.
        messages.success(request, _("The checklist is on its way to your inbox."))
        return done
    if not email_form.is_valid():
        response = page.render(request, context_overrides=context)
        response.status_code = 400
        return response
    address = email_form.cleaned_data["email"]
    # One address gets a few checklists, then none for a while (anybody can
    # type anybody's address); the answer is the same.
    if spam.allow(request, services.EMAIL_ADDRESS_RATE_LIMIT, key=address.lower()):
        try:
            services.email_checklist(
                context["checklist"], address, context["share_url"]
            )
        except services.EmailNotSent:
            context["email_failed"] = True
            response = page.render(request, context_overrides=context)
            response.status_code = 503
            return response
    messages.success(request, _("The checklist is on its way to your inbox."))
    return done
