"""Forget the cached programme figures when what they count changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from countries.models import CountryPage
from mailinglist.models import Subscriber
from stories.models import SuccessStoryPage
from workshops.models import WorkshopPage
from workshops.records import Booking, Workshop

from .services import forget_figures

COUNTED_PAGES = (WorkshopPage, SuccessStoryPage, CountryPage)


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    if isinstance(instance, COUNTED_PAGES):
        forget_figures()


@receiver(post_save, sender=Workshop)
@receiver(post_save, sender=Booking)
@receiver(post_save, sender=Subscriber)
@receiver(post_delete, sender=Workshop)
@receiver(post_delete, sender=Booking)
@receiver(post_delete, sender=Subscriber)
def record_changed(sender, instance, **kwargs):
    # A check-in saves its booking; a changed workshop saves its record.
    # Connected per model: every other save of the site does not run this.
    forget_figures()
