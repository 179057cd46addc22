"""Signals the mailing list listens to: the country alerts' changes (``alerts.py``)."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published

from countries.models import CountryPage, RecognitionGuidePage, ResourceOrganisation
from home.loading import is_loading_demo_content

from . import alerts


@receiver(page_published, sender=CountryPage)
@receiver(page_published, sender=RecognitionGuidePage)
def _country_page_published(sender, instance, revision=None, **kwargs) -> None:
    alerts.record_page_publish(instance, revision)


@receiver(pre_save, sender=ResourceOrganisation)
def _organisation_about_to_change(sender, instance, raw=False, **kwargs) -> None:
    if not raw and not is_loading_demo_content():
        instance._alert_changed = alerts.organisation_changed(instance)


@receiver(post_save, sender=ResourceOrganisation)
def _organisation_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        alerts.record_organisation_save(instance)


@receiver(post_delete, sender=ResourceOrganisation)
def _organisation_deleted(sender, instance, **kwargs) -> None:
    alerts.record_organisation_delete(instance)
