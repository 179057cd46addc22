"""Country alerts: a weekly digest of what changed in the countries people follow.

Sent over the real SMTP test server with the campaign machinery: one
delivery per follower, exactly once, in the follower's language, only the
changes of the countries they follow.
"""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from countries.models import CountryPage, ResourceOrganisation
from mailinglist import sending
from mailinglist.models import Campaign, CountryChange, Delivery, Suppression
from mailinglist.models import email_digest as digest_of

from .test_resume import SimulatedCrash, crash_at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_content")]


@pytest.fixture(autouse=True)
def _no_changes_waiting(empty_list):
    CountryChange.objects.all().delete()


def country_page(code: str, language: str = "en") -> CountryPage:
    return CountryPage.objects.get(country_id=code, locale__language_code=language)


def publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def add_organisation(country: str, name: str) -> ResourceOrganisation:
    organisation = ResourceOrganisation(
        country_id=country, name=name, locale=Locale.get_default()
    )
    organisation.save()
    return organisation


def send_digest(**kwargs) -> None:
    call_command("send_country_digest", stdout=open("/dev/null", "w"), **kwargs)


def received(smtp) -> Counter:
    return Counter(address for m in smtp.messages for address in m.rcpt_tos)


def texts(smtp) -> dict[str, str]:
    """Each recipient's plain text, with the subject on top."""
    result = {}
    for m in smtp.messages:
        parsed = m.message
        body = parsed.get_body(("plain",)).get_content()
        result[m.rcpt_tos[0]] = f"{parsed['Subject']}\n{body}"
    return result


# -- recording --------------------------------------------------------------


def test_publishing_a_country_page_records_its_text_and_its_one_stop_shop():
    brazil = country_page("BR")
    publish(brazil, title="Brazil: going back")
    publish(brazil, phone="+55 61 3333 4444")
    kinds = list(CountryChange.objects.values_list("country", "kind"))
    assert kinds == [("BR", "page"), ("BR", "one_stop_shop")]


def test_a_publish_that_changes_nothing_is_not_recorded():
    brazil = country_page("BR")
    publish(brazil)
    assert not CountryChange.objects.exists()


def test_the_same_page_changed_twice_in_a_week_is_recorded_once():
    brazil = country_page("BR")
    publish(brazil, title="Brazil: first change")
    publish(brazil, title="Brazil: second change")
    publish(country_page("BR", "es"), title="Brasil: cambio")
    assert CountryChange.objects.filter(kind="page").count() == 1


def test_organisations_added_changed_and_removed_are_recorded():
    organisation = add_organisation("PE", "Centro de Empleo Lima")
    CountryChange.objects.update(
        campaign=Campaign.objects.create(
            page=country_page("PE"),
            kind="country_digest",
            period_start=datetime.date(2020, 1, 6),
        )
    )
    organisation.save()  # nothing changed
    assert CountryChange.objects.filter(campaign=None).count() == 0
    organisation.services = "Job search"
    organisation.save()
    organisation.delete()
    assert list(
        CountryChange.objects.order_by("pk").values_list("country", "kind", "title")
    ) == [
        ("PE", "organisation", "Centro de Empleo Lima"),
        ("PE", "organisation", "Centro de Empleo Lima"),
        ("PE", "organisation_removed", "Centro de Empleo Lima"),
    ]


# -- the digest -------------------------------------------------------------


@pytest.fixture
def people(make_subscriber):
    """Followers of Brazil and Peru in two languages, and people who must get nothing."""
    people = {
        "brazil_en": make_subscriber(language="en", countries=["BR"]),
        "brazil_peru_es": make_subscriber(language="es", countries=["BR", "PE"]),
        "peru_pt": make_subscriber(language="pt", countries=["PE"]),
        "chile": make_subscriber(language="en", countries=["CL"]),
        "lives_in_spain": make_subscriber(residence_country="ES", countries=[]),
        "unconfirmed": make_subscriber(confirmed=False, countries=["BR"]),
        "suppressed": make_subscriber(countries=["BR", "PE"]),
    }
    Suppression.objects.create(
        email_hash=digest_of(people["suppressed"].email), reason="unsubscribed"
    )
    return people


@pytest.fixture
def changes():
    publish(country_page("BR"), title="Brazil: the new office")
    publish(country_page("PE"), phone="+51 1 234 5678")
    add_organisation("PE", "Centro de Empleo Lima")
    publish(country_page("ES"), title="Spain: partners")  # nobody follows Spain


def test_the_digest_reaches_each_follower_once_and_nobody_else(
    smtp_server, people, changes
):
    send_digest()
    assert received(smtp_server) == Counter(
        {
            people["brazil_en"].email: 1,
            people["brazil_peru_es"].email: 1,
            people["peru_pt"].email: 1,
        }
    )
    campaign = Campaign.objects.get(kind="country_digest")
    assert campaign.status == Campaign.Status.SENT
    assert sorted(campaign.countries) == ["BR", "ES", "PE"]


def test_each_follower_reads_only_their_countries_in_their_language(
    smtp_server, people, changes
):
    send_digest()
    text = texts(smtp_server)

    english = text[people["brazil_en"].email]
    assert "This week's changes in the countries you follow" in english
    assert "Brazil: the new office" in english
    assert "/en/countries/" in english
    assert "Peru" not in english and "Centro de Empleo Lima" not in english
    assert "Spain: partners" not in english

    spanish = text[people["brazil_peru_es"].email]
    assert "Los cambios de esta semana en los países que sigue" in spanish
    assert country_page("BR", "es").title in spanish  # its translation, not English
    assert "Brazil: the new office" not in spanish
    assert "Perú" in spanish and "Centro de Empleo Lima" in spanish
    assert "Datos de contacto de la Ventanilla Única actualizados" in spanish
    assert "/es/" in spanish

    portuguese = text[people["peru_pt"].email]
    assert "Balcão Único" in portuguese and "Centro de Empleo Lima" in portuguese
    assert "Brasil" not in portuguese


def test_running_the_command_twice_sends_nothing_twice(smtp_server, people, changes):
    send_digest()
    sent = received(smtp_server)
    publish(country_page("BR"), title="Brazil: changed after the digest")
    send_digest()
    assert received(smtp_server) == sent
    assert Campaign.objects.filter(kind="country_digest").count() == 1
    # The later change waits for next week's digest.
    assert CountryChange.objects.filter(campaign=None).count() == 1


def test_next_week_sends_only_the_new_changes(smtp_server, people, changes):
    send_digest()
    publish(country_page("BR"), title="Brazil: next week")
    next_week = datetime.date.today() + datetime.timedelta(days=7)
    from mailinglist import alerts

    campaign, created = alerts.build_country_digest(today=next_week)
    assert created and campaign.countries == ["BR"]
    sending.run_campaign(campaign.pk)
    later = smtp_server.messages[3:]
    assert sorted(m.rcpt_tos[0] for m in later) == sorted(
        [people["brazil_en"].email, people["brazil_peru_es"].email]
    )


def test_a_killed_worker_resumes_without_duplicates(
    smtp_server, make_subscriber, changes
):
    followers = [make_subscriber(countries=["BR"]) for _ in range(8)]
    from mailinglist import alerts

    campaign, _created = alerts.build_country_digest()
    with pytest.raises(SimulatedCrash):
        # The 4th message is on the wire, all but its final dot: the crash
        # drops it; the resumed run sends it and the rest, once.
        sending.run_campaign(campaign.pk, hook=crash_at("data-sent", 4))
    assert len(smtp_server.messages) == 3
    send_digest()
    assert received(smtp_server) == Counter({f.email: 1 for f in followers})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT


def test_the_digest_has_the_one_click_unsubscribe_headers(smtp_server, people, changes):
    send_digest()
    message = next(
        m.message
        for m in smtp_server.messages
        if m.rcpt_tos == [people["brazil_en"].email]
    )
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("http") and "/newsletter/" in unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = message.get_body(("plain",)).get_content()
    assert unsubscribe in body
    assert "Change the countries you follow" in body
    html = message.get_body(("html",)).get_content()
    assert unsubscribe in html


def test_no_change_makes_no_digest(smtp_server, people):
    send_digest()
    assert not Campaign.objects.exists()
    assert smtp_server.messages == []


def test_who_stopped_following_before_the_send_is_skipped(smtp_server, people, changes):
    from mailinglist import alerts

    campaign, _created = alerts.build_country_digest()
    sending.materialise(campaign.pk)
    people["brazil_en"].countries = ["CL"]
    people["brazil_en"].save()
    sending.run_campaign(campaign.pk)
    assert people["brazil_en"].email not in received(smtp_server)
    assert Delivery.objects.get(subscriber=people["brazil_en"]).status == "skipped"


def test_the_campaign_list_and_page_show_the_digest(
    client, admin_user, people, changes
):
    from mailinglist import alerts

    campaign, _created = alerts.build_country_digest()
    client.force_login(admin_user)
    response = client.get("/admin/newsletter/campaigns/")
    assert response.status_code == 200
    assert "Country alerts, week of" in response.content.decode()
    detail = client.get(f"/admin/newsletter/campaigns/{campaign.pk}/")
    assert detail.status_code == 200
    assert "each follower reads the changes of the countries they follow" in (
        detail.content.decode()
    )


def test_publishing_a_recognition_guide_records_its_country():
    from countries.models import RecognitionGuidePage

    guide = (
        RecognitionGuidePage.objects.live().filter(locale__language_code="en").first()
    )
    country = CountryPage.objects.get(pk=guide.get_parent().pk).country_id
    publish(guide, typical_time="About three months")
    assert list(CountryChange.objects.values_list("country", "kind")) == [
        (country, "guide")
    ]


def test_the_digest_email_is_valid_html(smtp_server, people, changes, tmp_path):
    from tests.html_validation import html_errors

    send_digest()
    documents = {
        m.rcpt_tos[0]: m.message.get_body(("html",)).get_content()
        for m in smtp_server.messages
    }
    assert html_errors(documents, tmp_path) == []


def _build_and_render() -> int:
    """Queries to build this week's digest, materialise it and render every copy."""
    from mailinglist import alerts
    from mailinglist.emails import CampaignRenderer

    with CaptureQueriesContext(connection) as queries:
        campaign, _created = alerts.build_country_digest()
        sending.materialise(campaign.pk)
        renderer = CampaignRenderer(campaign)
        for delivery in Delivery.objects.filter(campaign=campaign).select_related(
            "subscriber"
        ):
            renderer.message(delivery.subscriber, delivery.pk)
    return len(queries)


def test_building_the_digest_takes_the_same_queries_for_more_people_and_changes(
    make_subscriber,
):
    make_subscriber(countries=["BR"])
    publish(country_page("BR"), title="Brazil: one change")
    add_organisation("BR", "One organisation")
    few = _build_and_render()

    Campaign.objects.all().delete()
    CountryChange.objects.all().delete()
    codes = ["BR", "PE", "CL", "CO", "EC"]
    for n, code in enumerate(codes):
        publish(country_page(code), title=f"{code}: changed", phone=f"+1 {n}")
        for k in range(3):
            add_organisation(code, f"Organisation {code} {k}")
    for n in range(40):
        make_subscriber(
            language=["en", "es", "pt", "it"][n % 4],
            countries=codes[n % 5 : n % 5 + 2],
        )
    many = _build_and_render()
    assert many <= few


def test_a_page_not_translated_into_the_readers_language_comes_in_english(
    smtp_server, make_subscriber
):
    assert not CountryPage.objects.filter(
        country_id="BR", locale__language_code="it"
    ).exists()
    reader = make_subscriber(language="it", countries=["BR"])
    publish(country_page("BR"), title="Brazil: the new office")
    send_digest()
    [message] = [m.message for m in smtp_server.messages]
    assert message["Subject"] == "Le novità di questa settimana nei paesi che segui"
    assert message["To"] == reader.email
    html = message.get_body(("html",)).get_content()
    assert "Pagina del paese aggiornata" in html
    assert (
        '<span lang="en"><a href="http://127.0.0.1:8000/it/countries/brazil/"' in html
    )
    assert "Brazil: the new office" in html
