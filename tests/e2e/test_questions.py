"""The questions form in a real browser, rate limited: the 429 page gives the
message back to send later."""

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from .helpers import PHONE, assert_no_serious_axe_violations

MESSAGE = "Is there a workshop in Valencia this spring?\nI would come with my sister."


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def fill_question(page: Page, message: str) -> None:
    page.get_by_role("textbox", name="Email (required)").fill("ana@example.org")
    page.get_by_label("Topic").select_option("Workshops")
    page.get_by_role("textbox", name="Message (required)").fill(message)
    page.get_by_label("I agree that the programme team").check()


def test_rate_limited_question_answers_429_keeping_the_message(
    demo_site, page, settings
):
    settings.FORM_RATE_LIMITS = {**settings.FORM_RATE_LIMITS, "question": "1/m"}
    assert page.viewport_size == PHONE
    page.goto(f"{demo_site}/en/questions/")
    fill_question(page, "A first question.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(f"{demo_site}/en/questions/")
    fill_question(page, MESSAGE)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Send").click()

    assert answer.value.status == 429
    assert answer.value.headers["retry-after"] == "60"
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Too many attempts, try again later.")
    expect(alert).to_contain_text("Please wait 1 minute before trying again.")
    expect(page.get_by_role("textbox", name="Message (required)")).to_have_value(
        MESSAGE
    )
    expect(page.get_by_role("textbox", name="Email (required)")).to_have_value(
        "ana@example.org"
    )
    assert_no_serious_axe_violations(page)
