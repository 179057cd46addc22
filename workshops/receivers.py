"""Keep each workshop's booking record in step with its pages."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from . import services
from .models import WorkshopPage


@receiver(page_published, sender=WorkshopPage)
def workshop_published(sender, instance: WorkshopPage, **kwargs) -> None:
    services.sync_workshop(instance)


@receiver(page_unpublished, sender=WorkshopPage)
def workshop_unpublished(sender, instance: WorkshopPage, **kwargs) -> None:
    services.withdraw_workshop(instance)
