"""Signal receivers of the accounts app (imported by ``AccountsConfig.ready``)."""

from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def release_bookings_of_deleted_user(sender, instance, **kwargs) -> None:
    """However a user is deleted (their own page, the Wagtail admin, a shell),
    their future seats are freed and their name leaves the bookings kept."""
    if getattr(instance, "_bookings_released", False):
        return
    from .services import release_bookings

    release_bookings(instance)
