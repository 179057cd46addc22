"""StreamField blocks of recognition guides: steps, documents and sources."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

GENERAL_ADVICE_HELP = _(
    "Tick when this is general advice rather than a requirement the body "
    "publishes; readers see it marked as general advice."
)


class RecognitionStepBlock(blocks.StructBlock):
    """One step of a recognition guide, in the order people take them."""

    title = blocks.CharBlock(label=_("Step"), max_length=160)
    text = blocks.TextBlock(label=_("What to do"), required=False)
    general = blocks.BooleanBlock(
        label=_("General advice"), required=False, help_text=GENERAL_ADVICE_HELP
    )

    class Meta:
        icon = "list-ol"
        template = "blocks/recognition_step_block.html"
        label = _("Step")
        description = _("One step, in the order people take them.")
        preview_value = {
            "title": "Contact the One Stop Shop",
            "text": "Tell its team about the work you did abroad.",
            "general": False,
        }


class RecognitionDocumentBlock(blocks.StructBlock):
    """A document to bring, with an optional note."""

    document = blocks.CharBlock(label=_("Document"), max_length=200)
    note = blocks.CharBlock(label=_("Note"), required=False, max_length=250)
    general = blocks.BooleanBlock(
        label=_("General advice"), required=False, help_text=GENERAL_ADVICE_HELP
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/recognition_document_block.html"
        label = _("Document")
        description = _("A document to bring, and what it shows.")
        preview_value = {
            "document": "Your identity document",
            "note": "",
            "general": True,
        }


class SourceLinkBlock(blocks.StructBlock):
    """A link to an official source of what the guide says."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        template = "blocks/source_link_block.html"
        label = _("Official source")
        description = _("A page of the responsible body or another official site.")
        preview_value = {
            "title": "ChileValora",
            "url": "https://www.chilevalora.cl",
        }
