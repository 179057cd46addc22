"""Workshops in the Wagtail admin: coordinator tools, explorer column, dashboard."""

from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets.button import Button

from . import admin_views, services
from .models import Workshop, WorkshopPage


class CoordinatorMenuItem(MenuItem):
    """Shown only to users who may see who booked."""

    def is_shown(self, request) -> bool:
        return services.is_coordinator(request.user)


class CoordinatorViewSet(ViewSet):
    """Bookings report, attendee lists, check-in, phone bookings, cancellation,
    attendance certificates."""

    name = "workshop_bookings"
    url_prefix = "workshop-bookings"
    url_namespace = admin_views.URL_NAMESPACE
    icon = "group"
    menu_label = _("Bookings")
    menu_name = "bookings"
    menu_order = 250
    add_to_admin_menu = True
    menu_item_class = CoordinatorMenuItem

    def get_urlpatterns(self):
        bookings = admin_views.BookingsView.as_view()
        return [
            path("bookings/", bookings, name="bookings"),
            path(
                "bookings/results/",
                admin_views.BookingsView.as_view(results_only=True),
                name="bookings_results",
            ),
            path(
                "attendees/<int:workshop_id>/",
                admin_views.AttendeesView.as_view(),
                name="attendees",
            ),
            path(
                "attendees/<int:workshop_id>/book/",
                admin_views.ManualBookingView.as_view(),
                name="manual_booking",
            ),
            path(
                "attendees/<int:workshop_id>/bookings/<int:booking_id>/attended/",
                admin_views.AttendanceView.as_view(),
                name="attendance",
            ),
            path(
                "attendees/<int:workshop_id>/bookings/<int:booking_id>/"
                "certificates/<int:seat>/issue/",
                admin_views.IssueCertificateView.as_view(),
                name="issue_certificate",
            ),
            path(
                "attendees/<int:workshop_id>/bookings/<int:booking_id>/"
                "certificates/<int:seat>/certificate.pdf",
                admin_views.CertificateDownloadView.as_view(),
                name="certificate_pdf",
            ),
            path(
                "attendees/<int:workshop_id>/bookings/<int:booking_id>/"
                "certificates/<int:seat>/revoke/",
                admin_views.RevokeCertificateView.as_view(),
                name="revoke_certificate",
            ),
            path(
                "publish/<int:page_id>/<int:revision_id>/",
                admin_views.ConfirmPublishView.as_view(),
                name="confirm_publish",
            ),
            path(
                "attendees/<int:workshop_id>/bookings/<int:booking_id>/cancel/",
                admin_views.CancelBookingView.as_view(),
                name="cancel_booking",
            ),
        ]


class WorkshopPageViewSet(PageViewSet):
    """Workshop pages: the explorer of a workshop index shows seats taken."""

    model = WorkshopPage
    index_view_class = admin_views.WorkshopExplorerView
    columns = [
        *(col for col in ExplorableIndexView.base_columns if col.name != "type"),
        admin_views.FullnessColumn("fullness", label=_("Bookings"), width="18%"),
    ]


@hooks.register("register_admin_viewset")
def register_workshop_viewsets():
    return [CoordinatorViewSet(), WorkshopPageViewSet()]


@hooks.register("insert_global_admin_css")
def booking_tables_css() -> str:
    """Booking tables that fit 1366 px: long names and addresses wrap."""
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/admin-bookings.css")
    )


@hooks.register("before_publish_page")
def confirm_before_emailing_attendees(request, page):
    """Publishing a change of time or place, or a cancellation, that emails
    people asks first: the draft is saved, and the editor confirms on the
    page that says how many will be emailed (``ConfirmPublishView``)."""
    if not isinstance(page, WorkshopPage):
        return None
    if services.people_to_email_on_publish(page) == 0:
        return None
    revision = page.get_latest_revision()
    return HttpResponseRedirect(admin_views.confirm_publish_url(page, revision))


@hooks.register("construct_homepage_panels")
def add_upcoming_workshops_panel(request, panels) -> None:
    """The next workshops and the seats booked (each panel checks who may see it)."""
    from .dashboard import BookingActivityPanel

    panels.extend([admin_views.UpcomingWorkshopsPanel(), BookingActivityPanel()])


@hooks.register("register_page_header_buttons")
def workshop_bookings_button(page, user, view_name=None, next_url=None):
    """In a workshop page's editor: "Bookings: 7/10 (3 waiting)", to the attendees."""
    if not issubclass(page.specific_class or object, WorkshopPage):
        return
    if not services.is_coordinator(user):
        return
    record = Workshop.objects.filter(translation_key=page.translation_key).first()
    if record is None:
        return
    fullness = admin_views.fullness_by_workshop([record])[record.pk]
    yield Button(
        fullness.label,
        url=admin_views.admin_url("attendees", record.pk),
        icon_name="group",
        priority=5,
    )
