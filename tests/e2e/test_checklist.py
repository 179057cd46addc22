"""Building a pre-return checklist on a phone, without JavaScript, and what
it looks like printed."""

import re

from playwright.sync_api import expect

from .helpers import PHONE, assert_no_serious_axe_violations


def test_build_a_checklist_on_a_phone_and_print_it(demo_site, new_context):
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(f"{demo_site}/es/countries/checklist/")
    page.get_by_label("País al que regresa").select_option("CL")
    page.get_by_label(
        "Reconocimiento de títulos y certificación de competencias"
    ).check()
    page.get_by_label("Con familia").check()
    page.get_by_label("Con hijos en edad escolar").check()
    page.get_by_role("button", name="Crear mi lista").click()

    expect(
        page.get_by_role("heading", level=1, name="Su lista para volver a Chile")
    ).to_be_visible()
    steps = page.locator(".checklist__step")
    expect(
        steps.filter(has_text="certificación de sus competencias con ChileValora")
    ).to_have_count(1)
    expect(steps.filter(has_text="expedientes de sus hijos")).to_have_count(1)
    # The form's own address is the checklist's stable one.
    assert page.url.endswith(
        "/es/countries/checklist/?country=CL&need=qualification-recognition"
        "&household=family&children=1"
    )
    built = page.url

    # axe runs as a script: the same checklist in a page with JavaScript on.
    page = new_context(viewport=PHONE).new_page()
    page.goto(built)
    steps = page.locator(".checklist__step")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    assert_no_serious_axe_violations(page)

    # The print preview: the list and the One Stop Shop's contacts, on A4,
    # without the menu, the forms or the "keep this checklist" box.
    page.emulate_media(media="print")
    expect(steps.first).to_be_visible()
    for hidden in (".site-header", ".checklist__keep", "form.checklist__form"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".one-stop-shop")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert 1 <= pages <= 3, f"the checklist prints on {pages} A4 pages"
