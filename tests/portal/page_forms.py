"""The portal's page types, and their admin forms as a browser would post them."""

from wagtail.fields import StreamField
from wagtail.models import get_page_models
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    streamfield,
)

PAGE_MODELS = [
    model
    for model in get_page_models()
    if model._meta.app_label
    in {"home", "countries", "news", "stories", "workshops", "impact"}
]


def admin_form_data(client, url: str, model, **fields) -> dict:
    """The admin's page form at ``url`` as it comes (what the page has, or the
    defaults), stream fields empty (JavaScript draws them), with ``fields``."""
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for field in model._meta.get_fields():
        if isinstance(field, StreamField):
            data.update(nested_form_data({field.name: streamfield([])}))
    data.update(fields)
    return data
