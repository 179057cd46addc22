"""A referral in real browsers: a professional refers a person on a phone,
the person opens the link emailed to them (JavaScript off) and agrees, and
the Brazilian One Stop Shop's staff find it in the admin and set its status,
which the professional then sees."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from countries.models import CountryPage
from referrals.models import Referral
from tests.factories import VerifiedUserFactory, member_of

from .helpers import PHONE, assert_no_serious_axe_violations
from .test_bookings import log_in
from .test_layout import SMALL_PHONE, layout_problems

pytestmark = pytest.mark.django_db(transaction=True)

OFFICE = "balcao.unico@example.org"
LAPTOP = {"width": 1366, "height": 768}


def test_a_professional_refers_the_person_agrees_and_the_staff_see_it(
    demo_site, page, new_context
):
    cache.clear()
    CountryPage.objects.filter(country_id="BR").update(email=OFFICE)
    professional = VerifiedUserFactory(
        email="ana@example.org",
        full_name="Ana Ruiz",
        organisation="Cáritas Madrid",
        job_role="Social worker",
    )
    mail.outbox.clear()

    # The professional, on a phone.
    log_in(page, demo_site, professional)
    page.goto(f"{demo_site}/en/accounts/profile/")
    page.get_by_role("link", name="Your referrals").click()
    page.get_by_role("link", name="Refer someone").click()
    page.wait_for_url("**/en/referrals/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Refer someone to a One Stop Shop"
    )
    assert layout_problems(page, PHONE) == []
    assert_no_serious_axe_violations(page)
    page.get_by_label("The person's name or initials").fill("J. S.")
    page.get_by_label("The person's email address").fill("joao@example.org")
    page.get_by_label("Language of the email to the person").select_option("pt")
    page.get_by_label("WhatsApp").check()
    page.get_by_label("Their phone number").fill("+55 11 91234 5678")
    page.get_by_label("Country they are returning to").select_option("BR")
    page.get_by_label("Employment").check()
    page.get_by_label("A short note for the One Stop Shop").fill(
        "Wants to open a small bakery."
    )
    page.get_by_role("button", name="Send the person the consent link").click()
    referral = Referral.objects.get()
    expect(page.locator(".messages")).to_contain_text(
        f"Referral {referral.reference} recorded."
    )
    expect(page.locator("main")).to_contain_text("Waiting for the person's consent")
    assert [m.to for m in mail.outbox] == [["joao@example.org"]]

    # The person, on a small phone with JavaScript off: nothing is shared yet.
    link = re.search(r"http://\S+/consent/\S+/", mail.outbox[0].body).group(0)
    person = new_context(viewport=SMALL_PHONE, java_script_enabled=False).new_page()
    person.goto(link)
    main = person.locator("main")
    expect(main).to_contain_text("+55 11 91234 5678")
    expect(main).to_contain_text("Emprego")
    expect(main).to_contain_text("bakery")
    assert layout_problems(person, SMALL_PHONE) == []
    # axe runs as a script: the same page in a browser with JavaScript on.
    checked = new_context(viewport=PHONE).new_page()
    checked.goto(link)
    assert_no_serious_axe_violations(checked)
    person.get_by_role(
        "button", name="Sim, compartilhar isto com o Balcão Único"
    ).click()
    expect(person.locator(".messages")).to_contain_text("O Balcão Único tem seus dados")
    assert [m.to for m in mail.outbox] == [["joao@example.org"], [OFFICE]]
    assert "joao@example.org" in mail.outbox[1].body

    # The Brazilian One Stop Shop's staff, at 1366 px.
    staff = new_context(viewport=LAPTOP).new_page()
    log_in(staff, demo_site, member_of("One Stop Shop staff: Brazil"))
    staff.goto(f"{demo_site}/admin/")
    staff.get_by_role("link", name="Referrals").first.click()
    staff.get_by_role("link", name=referral.reference).click()
    expect(staff.locator("main")).to_contain_text("joao@example.org")
    expect(staff.locator("main")).to_contain_text("Cáritas Madrid")
    staff.get_by_label("In contact").check()
    staff.get_by_role("button", name="Save the status").click()
    expect(staff.locator(".messages")).to_contain_text("status saved")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.IN_CONTACT

    # The professional sees the status, and nothing of what the staff hold.
    page.goto(f"{demo_site}/en/referrals/")
    expect(page.locator("main")).to_contain_text("In contact")
    expect(page.locator("main")).not_to_contain_text("joao@example.org")
    assert layout_problems(page, PHONE) == []
    assert_no_serious_axe_violations(page)
