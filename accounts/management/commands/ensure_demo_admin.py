from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_EMAIL = "admin@example.org"
DEMO_PASSWORD = "demo-admin-change-me"  # noqa: S105 - demo only, refused in production


def verify(user) -> None:
    """The demo address counts as verified: staff sign in through allauth's
    login, which refuses unverified addresses."""
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


class Command(BaseCommand):
    help = "Create a demo superuser if none exists and print how to log in (dev only)."

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_ADMIN:
            raise CommandError("The demo admin is only allowed by the dev settings.")
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            demo = User.objects.filter(email=DEMO_EMAIL, is_superuser=True).first()
            if demo is not None and demo.check_password(DEMO_PASSWORD):
                verify(demo)
                self._print_credentials()
            else:
                self.stdout.write(
                    "A superuser exists already; log in with it at /admin/."
                )
            return
        verify(
            User.objects.create_superuser(
                DEMO_EMAIL, DEMO_PASSWORD, first_name="Demo", last_name="Admin"
            )
        )
        self.stdout.write(self.style.SUCCESS("Created the demo superuser."))
        self._print_credentials()

    def _print_credentials(self):
        self.stdout.write(
            f"Wagtail admin: http://127.0.0.1:8000/admin/ (sign in on the site's "
            f"login page)  "
            f"email: {DEMO_EMAIL}  password: {DEMO_PASSWORD}"
        )
