"""Demo content: the "Questions, suggestions and doubts" form page.

Built once, under the default language's home page, when no form page exists;
after that it belongs to the editors and is never changed here.
"""

from wagtail.models import Locale

from .choices import PROGRAMME_COUNTRIES
from .models import FormField, FormPage, HomePage

TOPICS = ["Return process", "Workshops", "Country resources", "Other"]

FIELDS = [
    {"label": "Name", "field_type": "singleline", "required": False},
    {
        "label": "Email",
        "field_type": "email",
        "required": True,
        "help_text": "We answer to this address.",
    },
    {
        "label": "Topic",
        "field_type": "dropdown",
        "required": True,
        "choices": "\n".join(TOPICS),
    },
    {
        "label": "Country",
        "field_type": "dropdown",
        "required": False,
        "choices": "\n".join(str(name) for _code, name in PROGRAMME_COUNTRIES),
        "help_text": "The country your question is about, if any.",
    },
    {"label": "Message", "field_type": "multiline", "required": True},
    {
        "label": "I agree that the programme team may contact me about my message",
        "clean_name": "consent",
        "field_type": "checkbox",
        "required": True,
        "help_text": "We use your details only to answer you, and delete them "
        "when the conversation is over.",
    },
]


def load() -> FormPage | None:
    """The questions page, created once under the default language's home page."""
    existing = FormPage.objects.first()
    if existing is not None:
        return existing
    home = HomePage.objects.filter(locale=Locale.get_default(), depth=2).first()
    if home is None:
        return None
    page = FormPage(
        title="Questions, suggestions and doubts",
        slug="questions",
        introduction="<p>Are you thinking about going back, or do you advise people "
        "who are? Ask the programme team about the return process, the workshops "
        "or the support available in each country. Suggestions are welcome too.</p>",
        thank_you_text="<p>Thank you for writing to us. The programme team reads "
        "every message and answers by email, usually within a few working days.</p>",
        listing_summary="Ask the programme team about returning, the workshops or "
        "the support in each country.",
        subject="Question from the website",
    )
    page.form_fields = [
        FormField(sort_order=order, **field) for order, field in enumerate(FIELDS)
    ]
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
