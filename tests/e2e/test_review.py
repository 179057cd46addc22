"""Review before publishing in a real browser: an editor submits a page, a
moderator approves it, and the page is live (docs/editors.md, "Roles")."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Page

import home.demo
from tests.factories import StandardPageFactory, member_of

from .helpers import assert_no_serious_axe_violations
from .test_bookings import log_in

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1366, "height": 768}


def open_action_menu(page) -> None:
    """Unfold the editor's footer menu (the arrow next to its main button)."""
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()


def test_editor_submits_moderator_approves_and_the_page_goes_live(
    demo_site, new_context
):
    home_page = home.demo.load()
    draft = StandardPageFactory(
        parent=home_page, title="Returning with a pension", slug="pension", live=False
    )
    draft.save_revision()
    editor = member_of("Editors", email="editor@example.org")
    moderator = member_of("Moderators", email="moderator@example.org")
    edit_url = f"{demo_site}/admin/pages/{draft.pk}/edit/"

    editing = new_context(viewport=LAPTOP).new_page()
    log_in(editing, demo_site, editor)
    editing.goto(edit_url)
    open_action_menu(editing)
    editing.get_by_role("button", name="Submit to Moderators approval").click()
    expect(editing.get_by_text("has been submitted for moderation")).to_be_visible()
    draft.refresh_from_db()
    assert draft.workflow_in_progress and not draft.live
    anonymous = new_context().new_page()
    assert anonymous.goto(f"{demo_site}/en/pension/").status == 404

    reviewing = new_context(viewport=LAPTOP).new_page()
    log_in(reviewing, demo_site, moderator)
    reviewing.goto(f"{demo_site}/admin/")
    awaiting = reviewing.locator("section", has_text="Awaiting your review")
    expect(awaiting.get_by_text("Returning with a pension")).to_be_visible()
    assert_no_serious_axe_violations(reviewing)
    reviewing.goto(edit_url)
    open_action_menu(reviewing)
    reviewing.get_by_role("button", name="Approve", exact=True).click()
    row = reviewing.get_by_role("row", name="Returning with a pension")
    expect(row.get_by_role("link", name="Current page status: live")).to_be_visible()

    page = Page.objects.get(pk=draft.pk)
    assert page.live and not page.workflow_in_progress
    response = anonymous.goto(f"{demo_site}/en/pension/")
    assert response.status == 200
    expect(anonymous.get_by_role("heading", level=1)).to_have_text(
        "Returning with a pension"
    )
