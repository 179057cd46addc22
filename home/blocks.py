"""StreamField blocks shared by every app's page bodies."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from .i18n import localized_url

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        description = _("A section heading; it also helps screen-reader users skim.")
        preview_value = {"text": "How the One Stop Shops work", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its alt text (required unless decorative) and a caption."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        label = _("Image")
        description = _("An image with alt text and an optional caption.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")
        description = _("A quotation with who said it.")
        preview_value = {
            "text": "Now I see my life here.",
            "attribution": "V.B., returned to Brazil",
        }


class LinkStructValue(blocks.StructValue):
    def url(self) -> str:
        page = self.get("page")
        if page:
            return localized_url(page.localized)
        return self.get("external_url") or ""


class CallToActionBlock(blocks.StructBlock):
    """A highlighted invitation linking to a page of the site or another site."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    label = blocks.CharBlock(label=_("Button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    external_url = blocks.URLBlock(label=_("or external address"), required=False)

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"
        label = _("Call to action")
        description = _("A box with a short text and one button.")
        value_class = LinkStructValue
        preview_value = {
            "title": "Thinking about returning?",
            "text": "Find out what the One Stop Shop in your country offers.",
            "label": "Read more",
            "external_url": "https://example.org/",
        }

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("external_url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        _("Choose a page or enter an external address, not both.")
                    )
                }
            )
        return value


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()


SOCIAL_PLATFORMS = [
    ("website", _("Website")),
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("x", "X"),
    ("youtube", "YouTube"),
]


class SocialLinkStructValue(blocks.StructValue):
    def platform_label(self) -> str:
        return str(
            dict(SOCIAL_PLATFORMS).get(self.get("platform"), self.get("platform"))
        )


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(label=_("Platform"), choices=SOCIAL_PLATFORMS)
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "site"
        label = _("Social link")
        value_class = SocialLinkStructValue


class FiguresBlock(blocks.StructBlock):
    """The programme's totals (workshops, attendance, stories...), kept up to
    date by the figures app: its template loads that app's ``impact_tags``."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    page = blocks.PageChooserBlock(
        label=_("Link to the figures page"),
        page_type="impact.FiguresPage",
        required=False,
        help_text=_("Leave empty to link to the site's figures page, if published."),
    )

    class Meta:
        icon = "table"
        template = "blocks/figures_block.html"
        label = _("Programme in figures")
        description = _("The programme's totals, computed from the site's data.")


class HomeStreamBlock(blocks.StreamBlock):
    figures = FiguresBlock()
    call_to_action = CallToActionBlock()
