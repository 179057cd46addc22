"""The newsletter subscription form in the footer of every page."""

from django import template

from mailinglist.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("mailinglist/includes/subscribe_form.html", takes_context=True)
def subscribe_form(context) -> dict:
    """The compact form: address and consent; language is the page's, interest news.

    Nothing personal goes in it, so pages that show it stay cacheable. Left
    out on the newsletter's own pages, which have the full form or a token.
    """
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    on_newsletter_page = match is not None and match.namespace == "mailinglist"
    form = SubscribeForm(auto_id="footer-newsletter-%s")
    return {"form": form, "show_form": not on_newsletter_page, "request": request}
