"""Mailing-list emails: campaigns, and the emails about one subscription
(confirmation link, "already subscribed", welcome, "your link").

A campaign's email is rendered once per language (``CampaignRenderer``), with
the two personal links left as placeholders; each subscriber's copy only
fills in those links and its headers. Text and HTML parts, inline styles
only, readable without images, ``lang`` on the document and on any item
written in another language.

What a page sends (``email_items``):

- a page with a ``get_email_items()`` method: those pages;
- a newsletter edition page: its live articles, below its own title,
  introduction and cover (the default subject is "Newsletter N: title");
- a news article with an ``edition``: every live article of that edition
  (the newsletter), in date order;
- the news index: its latest edition;
- any other page (or an article outside editions): itself.

Each item is shown in the subscriber's language when a live translation
exists, else in the site's default language, else as chosen.
"""

import datetime
from dataclasses import dataclass, field
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from home.http import absolute_links, site_url
from home.i18n import localize, localize_one, with_language_prefix
from home.pages import children_in_any_language, visible

from . import alerts, services, tokens
from .models import Campaign, Subscriber

UNSUBSCRIBE_PLACEHOLDER = "%%UNSUBSCRIBE_URL%%"
MANAGE_PLACEHOLDER = "%%MANAGE_URL%%"
# Only in the prepared bytes of a campaign (``CampaignRenderer.raw``).
TO_PLACEHOLDER = "newsletter-recipient@placeholder.invalid"
DELIVERY_PLACEHOLDER = "%%DELIVERY_ID%%"
TOKEN_PLACEHOLDER = "TOKEN-PLACEHOLDER"  # noqa: S105 - not a secret
IMAGE_SPEC = "fill-1200x630|format-jpeg|jpegquality-75"
IMAGE_WIDTH, IMAGE_HEIGHT = 600, 315  # shown at half size: sharp on dense screens
LIST_NAME = "One Stop Shops newsletter"

EDITION_SUBJECT = _("One Stop Shops newsletter, edition %(number)s")
EDITION_TITLE_SUBJECT = _("Newsletter %(number)s: %(title)s")
CONFIRM_SUBJECT = _("Confirm your subscription to the One Stop Shops newsletter")
ALREADY_SUBSCRIBED_SUBJECT = _("You are already subscribed to our newsletter")
WELCOME_SUBJECT = _("Welcome to the One Stop Shops newsletter")
MANAGE_LINK_SUBJECT = _("Your link to the One Stop Shops newsletter")
COUNTRY_DIGEST_SUBJECT = _("This week's changes in the countries you follow")
# The emails about one subscription (``subscription_message``), by kind.
SUBSCRIPTION_SUBJECTS = {
    "confirm": CONFIRM_SUBJECT,
    "already_subscribed": ALREADY_SUBSCRIBED_SUBJECT,
    "welcome": WELCOME_SUBJECT,
    "manage_link": MANAGE_LINK_SUBJECT,
}


@dataclass
class EmailItem:
    """One page as an email shows it: title, summary, image, link."""

    title: str
    summary: str
    url: str
    language: str
    date: datetime.date | None = None
    image_url: str = ""
    image_alt: str = ""


@dataclass
class EditionCover:
    """An edition page as its email opens: title, introduction, cover image."""

    number: int | None
    title: str
    introduction_html: str
    introduction_text: str
    url: str
    language: str
    image_url: str = ""
    image_alt: str = ""


@dataclass
class CampaignEmail:
    """A campaign rendered for one language, personal links still placeholders."""

    language: str
    subject: str
    text: str
    html: str
    items: list[EmailItem] = field(default_factory=list)


def site_domain() -> str:
    """The public site's host name (for Message-ID and List-Id)."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def page_url(page: Page, language: str) -> str:
    """The page's absolute address under ``language``'s prefix."""
    parts = page.get_url_parts()
    if parts is None:
        return ""
    _site_id, _root_url, path = parts
    return site_url(with_language_prefix(path, language))


def localized_page(page: Page, language: str) -> Page:
    """``page`` in ``language`` where translated, else in the default language,
    else as chosen (only translations anyone may see count)."""
    translations = visible(Page.objects.filter(translation_key=page.translation_key))
    return localize_one(translations, language) or page


def email_items(page: Page) -> tuple[list[Page], int | None]:
    """The pages ``page`` sends, and the newsletter edition they form (if any).

    The same for every subscriber and for the test copy, whatever language is
    active: an edition's articles in any language of the index, each once (in
    the default language where it has one); ``localized_page`` then gives each
    subscriber their language's version.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _email_items(page)


def _edition_articles(index: Page, number: int) -> list[Page]:
    """The live articles of edition ``number`` under ``index`` (any language)."""
    from news.models import NewsPage

    siblings = NewsPage.objects.filter(children_in_any_language(index))
    return list(
        localize(visible(siblings), or_any=True)
        .filter(edition=number)
        .order_by("date", "pk")
    )


def _email_items(page: Page) -> tuple[list[Page], int | None]:
    from news.models import EditionPage, NewsIndexPage, NewsPage

    specific = page.specific
    if hasattr(specific, "get_email_items"):
        return list(specific.get_email_items()), getattr(specific, "edition", None)
    if isinstance(specific, EditionPage):
        if specific.number is None:
            return [], None
        return _edition_articles(specific.get_parent(), specific.number), (
            specific.number
        )
    if isinstance(specific, NewsPage) and specific.edition:
        articles = _edition_articles(specific.get_parent(), specific.edition)
        return articles or [specific], specific.edition
    if isinstance(specific, NewsIndexPage):
        articles = specific.news().exclude(edition=None)
        latest = articles.order_by("-edition").values_list("edition", flat=True)
        edition = latest.first()
        if edition is None:
            return [specific], None
        return list(articles.filter(edition=edition).order_by("date", "pk")), edition
    return [specific], None


def _image(page: Page) -> tuple[str, str]:
    image = (
        getattr(page, "cover_image", None)
        or getattr(page, "listing_image", None)
        or getattr(page, "hero_image", None)
    )
    if image is None:
        return "", ""
    try:
        rendition = image.get_rendition(IMAGE_SPEC)
    except Exception:  # noqa: BLE001 - a missing file must not stop a campaign
        return "", ""
    return site_url(rendition.url), rendition.alt


def email_item(page: Page, language: str) -> EmailItem:
    """``page`` (in ``language`` where translated) as an email item."""
    shown = localized_page(page, language).specific
    summary = (
        getattr(shown, "summary", "")
        or getattr(shown, "introduction", "")
        or shown.search_description
    )
    image_url, image_alt = _image(shown)
    return EmailItem(
        title=shown.title,
        summary=summary,
        url=page_url(shown, language),
        language=shown.locale.language_code,
        date=getattr(shown, "date", None),
        image_url=image_url,
        image_alt=image_alt,
    )


def edition_cover(page: Page, language: str) -> EditionCover | None:
    """The edition page ``page`` (in ``language`` where translated) as its
    email's opening, or None when ``page`` is not an edition."""
    from news.models import EditionPage

    if not isinstance(page.specific, EditionPage):
        return None
    shown = localized_page(page, language).specific
    image_url, image_alt = _image(shown)
    html = absolute_links(expand_db_html(shown.introduction or ""))
    return EditionCover(
        number=shown.number,
        title=shown.title,
        introduction_html=html,
        introduction_text=strip_tags(html).strip(),
        url=page_url(shown, language),
        language=shown.locale.language_code,
        image_url=image_url,
        image_alt=image_alt,
    )


def default_subject(
    campaign: Campaign,
    cover: EditionCover | None,
    edition: int | None,
    items: list[EmailItem],
) -> str:
    """The subject when the sender gave none, from what ``render_campaign``
    built (in the active language): an edition's "Newsletter N: title", an
    edition number's name, else the page's title."""
    if cover is not None and cover.number:
        return EDITION_TITLE_SUBJECT % {"number": cover.number, "title": cover.title}
    if cover is not None:
        return cover.title
    if edition:
        return EDITION_SUBJECT % {"number": edition}
    return items[0].title if items else str(campaign.page)


def render_campaign(campaign: Campaign, language: str) -> CampaignEmail:
    """The campaign's email in ``language``, personal links as placeholders."""
    pages, edition = email_items(campaign.page)
    with translation.override(language):
        items = [email_item(page, language) for page in pages]
        cover = edition_cover(campaign.page, language)
        subject = campaign.subject or default_subject(campaign, cover, edition, items)
        edition_url = ""
        if cover is not None:
            edition_url = cover.url
        elif edition:
            index = pages[0].get_parent()
            edition_url = f"{page_url(index, language)}?edition={edition}"
        context = {
            "language": language,
            "subject": subject,
            "edition": edition,
            "cover": cover,
            "edition_url": edition_url,
            "items": items,
            "image_width": IMAGE_WIDTH,
            "image_height": IMAGE_HEIGHT,
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "manage_url": MANAGE_PLACEHOLDER,
            "subscribe_url": site_url(reverse("mailinglist:subscribe")),
        }
        text = render_to_string("emails/mailinglist/campaign.txt", context)
        html = render_to_string("emails/mailinglist/campaign.html", context)
    return CampaignEmail(
        language=language, subject=subject, text=text, html=html, items=items
    )


def render_country_digest(
    campaign: Campaign,
    language: str,
    countries: tuple[str, ...],
    content: alerts.DigestContent,
) -> CampaignEmail:
    """A country alerts email in ``language`` for a reader who follows
    ``countries`` (those of the campaign's that they follow): only their
    changes, personal links as placeholders. No query (``content`` is read)."""
    with translation.override(language):
        sections = content.sections(language, countries)
        subject = str(COUNTRY_DIGEST_SUBJECT)
        context = {
            "language": language,
            "subject": subject,
            "sections": sections,
            "week": campaign.period_start,
            "countries_url": content.index_url(language),
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "manage_url": MANAGE_PLACEHOLDER,
        }
        text = render_to_string("emails/mailinglist/country_digest.txt", context)
        html = render_to_string("emails/mailinglist/country_digest.html", context)
    return CampaignEmail(language=language, subject=subject, text=text, html=html)


def campaign_headers(unsubscribe: str, message_id: str | None, language: str) -> dict:
    """Headers of a newsletter copy: RFC 8058 one-click, RFC 2919 List-Id, bulk."""
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{LIST_NAME} <newsletter.{site_domain()}>",
        "Precedence": "bulk",
        "X-Auto-Response-Suppress": "OOF, AutoReply",
        "Content-Language": language,
    }
    if message_id:
        headers["Message-ID"] = message_id
    return headers


def envelope_address(address: str) -> str:
    """The bare address SMTP's MAIL FROM takes ("Name <a@b>" gives "a@b")."""
    return parseaddr(sanitize_address(address, "utf-8"))[1]


@dataclass
class RawMessage:
    """A message as SMTP carries it: envelope sender, recipients and bytes."""

    sender: str
    recipients: list[str]
    data: bytes


class CampaignRenderer:
    """Builds each subscriber's copy of a campaign; renders each language once.

    ``message`` builds a Django ``EmailMessage`` (any email backend);
    ``raw`` fills the subscriber's address, links and Message-ID into the
    bytes of a copy prepared once per language, which is what the SMTP
    sender uses (a few microseconds instead of a MIME build per message).
    """

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self._rendered: dict[tuple, CampaignEmail] = {}
        self._prepared: dict[tuple, tuple[str, bytes] | None] = {}
        self._link_patterns: dict[str, tuple[str, str]] = {}
        self._digest = (
            alerts.DigestContent(campaign) if campaign.is_country_digest else None
        )

    def variant(self, subscriber: Subscriber) -> tuple[str, tuple[str, ...]]:
        """What decides a copy's content: the language, and for country
        alerts the campaign's countries the subscriber follows."""
        language = subscriber.language
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        if self._digest is None:
            return language, ()
        followed = set(subscriber.countries or ())
        return language, tuple(c for c in self.campaign.countries if c in followed)

    def has_nothing_for(self, subscriber: Subscriber) -> bool:
        """True for a country alerts reader none of whose countries has a
        change to show (they stopped following them, or the pages went)."""
        if self._digest is None:
            return False
        language, countries = self.variant(subscriber)
        return not self._digest.sections(language, countries)

    def rendered(self, language: str, countries: tuple[str, ...] = ()) -> CampaignEmail:
        """The campaign in ``language`` (for country alerts, with the changes
        of ``countries``), rendered on first use."""
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        key = (language, tuple(countries))
        if key not in self._rendered:
            if self._digest is not None:
                self._rendered[key] = render_country_digest(
                    self.campaign, language, key[1], self._digest
                )
            else:
                self._rendered[key] = render_campaign(self.campaign, language)
        return self._rendered[key]

    def message(
        self, subscriber: Subscriber, delivery_id: int | None = None
    ) -> EmailMultiAlternatives:
        """The subscriber's copy, with their own unsubscribe and manage links."""
        rendered = self.rendered(*self.variant(subscriber))
        unsubscribe = site_url(services.unsubscribe_url(subscriber))
        manage = site_url(services.manage_url(subscriber))
        message_id = None
        if delivery_id is not None:
            message_id = self._message_id(delivery_id)
        return _personal_message(
            rendered,
            to=subscriber.email,
            unsubscribe=unsubscribe,
            manage=manage,
            headers=campaign_headers(unsubscribe, message_id, rendered.language),
        )

    def _message_id(self, delivery_id: int | str) -> str:
        """Stable per delivery: a receiving server can tell a copy seen before."""
        return (
            f"<campaign{self.campaign.pk}.delivery{delivery_id}"
            f".newsletter@{site_domain()}>"
        )

    def raw(self, subscriber: Subscriber, delivery_id: int) -> RawMessage:
        """The subscriber's copy as bytes for SMTP (same content as ``message``)."""
        prepared = self._prepare(*self.variant(subscriber))
        if prepared is None:  # placeholders did not survive encoding: build it
            message = self.message(subscriber, delivery_id)
            return RawMessage(
                sender=envelope_address(message.from_email),
                recipients=[sanitize_address(a, "utf-8") for a in message.to],
                data=message.message().as_bytes(linesep="\r\n"),
            )
        sender, template = prepared
        to = (
            subscriber.email
            if subscriber.email.isascii()
            else sanitize_address(subscriber.email, "utf-8")
        )
        unsubscribe, manage = self._links(subscriber)
        data = (
            template.replace(TO_PLACEHOLDER.encode(), to.encode())
            .replace(UNSUBSCRIBE_PLACEHOLDER.encode(), unsubscribe.encode())
            .replace(MANAGE_PLACEHOLDER.encode(), manage.encode())
            .replace(DELIVERY_PLACEHOLDER.encode(), str(delivery_id).encode())
        )
        return RawMessage(sender=sender, recipients=[to], data=data)

    def _links(self, subscriber: Subscriber) -> tuple[str, str]:
        """The subscriber's absolute unsubscribe and manage links.

        Same as ``services.unsubscribe_url``/``manage_url``, with the URL
        reversed once per language and only the token made per subscriber.
        """
        language = subscriber.language or settings.LANGUAGE_CODE
        if language not in self._link_patterns:
            with translation.override(language):
                self._link_patterns[language] = tuple(
                    site_url(
                        reverse(f"mailinglist:{purpose}", args=[TOKEN_PLACEHOLDER])
                    )
                    for purpose in ("unsubscribe", "manage")
                )
        return tuple(
            pattern.replace(TOKEN_PLACEHOLDER, tokens.make_token(subscriber, purpose))
            for pattern, purpose in zip(
                self._link_patterns[language], ("unsubscribe", "manage"), strict=True
            )
        )

    def _prepare(
        self, language: str, countries: tuple[str, ...] = ()
    ) -> tuple[str, bytes] | None:
        """(envelope sender, bytes with placeholders) for ``language`` (and
        ``countries``, see ``variant``), or None.

        None when an encoding split a placeholder (quoted-printable wraps
        lines longer than 998 characters); each copy is then built in full.
        """
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        key = (language, tuple(countries))
        if key not in self._prepared:
            rendered = self.rendered(*key)
            message = _personal_message(
                rendered,
                to=TO_PLACEHOLDER,
                unsubscribe=UNSUBSCRIBE_PLACEHOLDER,
                manage=MANAGE_PLACEHOLDER,
                headers=campaign_headers(
                    UNSUBSCRIBE_PLACEHOLDER,
                    self._message_id(DELIVERY_PLACEHOLDER),
                    rendered.language,
                ),
            )
            data = message.message().as_bytes(linesep="\r\n")
            body = rendered.text + rendered.html
            expected = {
                TO_PLACEHOLDER: 1,
                DELIVERY_PLACEHOLDER: 1,
                UNSUBSCRIBE_PLACEHOLDER: body.count(UNSUBSCRIBE_PLACEHOLDER) + 1,
                MANAGE_PLACEHOLDER: body.count(MANAGE_PLACEHOLDER),
            }
            intact = all(
                data.count(placeholder.encode()) == count
                for placeholder, count in expected.items()
            )
            sender = envelope_address(message.from_email)
            self._prepared[key] = (sender, data) if intact else None
        return self._prepared[key]


def _personal_message(
    rendered: CampaignEmail,
    *,
    to: str,
    unsubscribe: str,
    manage: str,
    headers: dict,
    subject: str | None = None,
) -> EmailMultiAlternatives:
    def fill(body: str) -> str:
        return body.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe).replace(
            MANAGE_PLACEHOLDER, manage
        )

    message = EmailMultiAlternatives(
        subject=subject or rendered.subject,
        body=fill(rendered.text),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(fill(rendered.html), "text/html")
    return message


def sample_message(
    campaign: Campaign, email: str, *, language: str = ""
) -> EmailMultiAlternatives:
    """The campaign as a subscriber in ``language`` would get it, to ``email``.

    The subject says [TEST]; the personal links name no subscriber (id 0), so
    following them changes nothing.
    """
    language = language or settings.LANGUAGE_CODE
    nobody = Subscriber(
        pk=0,
        email=email,
        language=language,
        token_version=0,
        countries=list(campaign.countries),  # country alerts: every change
    )
    message = CampaignRenderer(campaign).message(nobody)
    message.subject = f"[TEST] {message.subject}"
    return message


# -- subscription emails ---------------------------------------------------


def subscription_message(subscriber: Subscriber, kind: str) -> EmailMultiAlternatives:
    """One of the emails about a subscription (``SUBSCRIPTION_SUBJECTS``), in
    the subscriber's language: ``confirm`` (the confirmation link),
    ``already_subscribed``, ``welcome`` (after confirming) or ``manage_link``
    (asked for on the "send me my link" page).

    :raises ValueError: an unknown kind.
    """
    if kind not in SUBSCRIPTION_SUBJECTS:
        raise ValueError(f"Unknown subscription email {kind!r}")
    language = subscriber.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "language": language,
            "confirm_url": site_url(services.confirm_url(subscriber)),
            "manage_url": site_url(services.manage_url(subscriber)),
            "unsubscribe_url": site_url(services.unsubscribe_url(subscriber)),
            "valid_days": services.CONFIRM_MAX_AGE // (24 * 3600),
            "manage_valid_days": services.MANAGE_MAX_AGE // (24 * 3600),
            "send_link_url": site_url(reverse("mailinglist:send_link")),
            "subject": str(SUBSCRIPTION_SUBJECTS[kind]),
        }
        text = render_to_string(f"emails/mailinglist/{kind}.txt", context)
        html = render_to_string(f"emails/mailinglist/{kind}.html", context)
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=text,
        to=[subscriber.email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message
