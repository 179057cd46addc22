"""Whatever is posted to the questions form, the answer is never a 500."""

import pytest
from django.core import mail
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.forms.models import FormSubmission

import home.demo_questions
from home.spam import HONEYPOT_FIELD

pytestmark = pytest.mark.django_db

FIELDS = ["name", "email", "topic", "country", "message", "consent"]
ODD_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
    st.sampled_from(
        [
            "",
            "\x00",
            "ana@example.org",
            "ana@example.org\r\nBcc: victim@example.org",
            "Workshops",
            "Workshops\nOther",
            "on",
            "<script>alert(1)</script>",
            "🇪🇨" * 50,
            "x" * 6000,
        ]
    ),
)
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def questions_page(home_page, settings):
    settings.FORM_RATE_LIMITS = {
        key: value
        for key, value in settings.FORM_RATE_LIMITS.items()
        if key != "question"
    }
    cache.clear()
    return home.demo_questions.load()


@HYPOTHESIS
@given(data=st.dictionaries(st.sampled_from(FIELDS), ODD_TEXT))
def test_any_answers_get_the_form_or_the_thank_you_page(
    client, questions_page, django_capture_on_commit_callbacks, data
):
    before = FormSubmission.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(questions_page.url, data)
    assert response.status_code in (200, 400)
    stored = FormSubmission.objects.count() - before
    assert stored == (1 if response.status_code == 200 else 0)
    if response.status_code == 400:
        assert "Please correct the fields marked below." in response.content.decode()


@HYPOTHESIS
@given(
    key=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40),
    values=st.lists(ODD_TEXT, min_size=1, max_size=3),
)
def test_unexpected_and_repeated_parameters_never_fail(
    client, questions_page, key, values
):
    response = client.post(questions_page.url, {key: values, "topic": values})
    assert response.status_code in (200, 400)


def test_header_injection_through_the_email_field_is_refused(
    client, questions_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            questions_page.url,
            {
                "email": "ana@example.org\r\nBcc: victim@example.org",
                "topic": "Other",
                "message": "Hello",
                "consent": "on",
            },
        )
    assert response.status_code == 400
    assert mail.outbox == []


def test_honeypot_wins_over_invalid_answers(client, questions_page):
    response = client.post(questions_page.url, {HONEYPOT_FIELD: "x", "email": "no"})
    assert response.status_code == 200
    assert not FormSubmission.objects.filter(page=questions_page).exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_other_methods_do_not_store_anything(client, questions_page, method):
    response = getattr(client, method)(questions_page.url)
    assert response.status_code < 500
    assert not FormSubmission.objects.filter(page=questions_page).exists()
