"""The subscribe and manage forms: what they accept and refuse (no database)."""

from django.utils import translation

from home.spam import HONEYPOT_FIELD
from mailinglist.forms import CONSENT_TEXT, ManageForm, SubscribeForm
from mailinglist.models import Subscriber


def subscribe_data(**overrides) -> dict:
    data = {
        "email": "ana@example.org",
        "language": "es",
        "interests": ["news"],
        "residence_country": "",
        "countries": [],
        "consent": "on",
        HONEYPOT_FIELD: "",
    }
    data.update(overrides)
    return data


def test_subscribe_form_accepts_address_interest_and_consent():
    form = SubscribeForm(subscribe_data())

    assert form.is_valid(), form.errors
    assert form.preferences() == {
        "language": "es",
        "interests": ["news"],
        "residence_country": "",
        "countries": [],
    }


def test_subscribe_form_refuses_missing_consent():
    form = SubscribeForm(subscribe_data(consent=""))

    assert not form.is_valid()
    assert list(form.errors) == ["consent"]


def test_subscribe_form_refuses_an_address_without_domain():
    form = SubscribeForm(subscribe_data(email="ana@"))

    assert not form.is_valid()
    assert list(form.errors) == ["email"]


def test_subscribe_form_refuses_an_address_longer_than_the_column():
    form = SubscribeForm(subscribe_data(email=f"{'a' * 64}@{'b' * 186}.example.org"))

    assert not form.is_valid()
    assert list(form.errors) == ["email"]


def test_subscribe_form_refuses_no_interest_at_all():
    form = SubscribeForm(subscribe_data(interests=[]))

    assert not form.is_valid()
    assert form.errors["interests"] == ["Choose at least one thing to receive."]


def test_subscribe_form_refuses_an_unknown_interest():
    form = SubscribeForm(subscribe_data(interests=["news", "lottery"]))

    assert not form.is_valid()
    assert list(form.errors) == ["interests"]


def test_subscribe_form_requires_residence_for_workshops_interest():
    form = SubscribeForm(subscribe_data(interests=["news", "workshops"]))

    assert not form.is_valid()
    assert list(form.errors) == ["residence_country"]


def test_subscribe_form_accepts_workshops_interest_with_residence():
    form = SubscribeForm(
        subscribe_data(interests=["workshops"], residence_country="IT")
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["residence_country"] == "IT"


def test_subscribe_form_refuses_residence_outside_spain_italy_portugal():
    form = SubscribeForm(subscribe_data(residence_country="FR"))

    assert not form.is_valid()
    assert list(form.errors) == ["residence_country"]


def test_subscribe_form_accepts_latin_american_countries_of_interest():
    form = SubscribeForm(subscribe_data(countries=["BO", "UY"]))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["countries"] == ["BO", "UY"]


def test_subscribe_form_refuses_a_european_country_of_interest():
    form = SubscribeForm(subscribe_data(countries=["ES"]))

    assert not form.is_valid()
    assert list(form.errors) == ["countries"]


def test_subscribe_form_refuses_an_unknown_language():
    form = SubscribeForm(subscribe_data(language="fr"))

    assert not form.is_valid()
    assert list(form.errors) == ["language"]


def test_subscribe_form_without_language_takes_the_active_one():
    data = subscribe_data()
    del data["language"]

    with translation.override("pt"):
        form = SubscribeForm(data)
        assert form.is_valid(), form.errors

    assert form.cleaned_data["language"] == "pt"


def test_subscribe_form_starts_with_page_language_and_news():
    with translation.override("it"):
        form = SubscribeForm()

    assert form["language"].value() == "it"
    assert form["interests"].value() == ["news"]


def test_subscribe_form_sees_a_filled_honeypot_as_a_bot():
    assert SubscribeForm(
        subscribe_data(**{HONEYPOT_FIELD: "http://spam.example"})
    ).is_robot()


def test_subscribe_form_sees_an_empty_honeypot_as_a_person():
    assert not SubscribeForm(subscribe_data(**{HONEYPOT_FIELD: "  "})).is_robot()


def test_subscribe_form_honeypot_is_out_of_tab_order_and_autofill():
    html = str(SubscribeForm()[HONEYPOT_FIELD])

    assert 'tabindex="-1"' in html
    assert 'autocomplete="off"' in html


def test_subscribe_form_consent_text_is_its_label():
    form = SubscribeForm()

    assert form.consent_text == str(CONSENT_TEXT)
    assert form.consent_text in form["consent"].label_tag()


def test_subscribe_form_language_options_carry_their_language():
    html = str(SubscribeForm()["language"])

    assert '<option value="es" lang="es"' in html
    assert ">Español<" in html


def test_manage_form_starts_from_the_subscriber_choices():
    subscriber = Subscriber(
        language="pt",
        interests=["stories", "workshops"],
        residence_country="PT",
        countries=["BR"],
    )

    form = ManageForm.for_subscriber(subscriber)

    assert form["language"].value() == "pt"
    assert form["interests"].value() == ["stories", "workshops"]
    assert form["residence_country"].value() == "PT"
    assert form["countries"].value() == ["BR"]


def test_manage_form_requires_residence_for_workshops_interest():
    form = ManageForm(
        {"language": "en", "interests": ["workshops"], "residence_country": ""}
    )

    assert not form.is_valid()
    assert list(form.errors) == ["residence_country"]
