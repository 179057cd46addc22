import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError, transaction

from accounts.services import account_for_phone_booking
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_logs_in_with_email_and_has_no_username():
    User = get_user_model()
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(User, "username") or User.username is None
    User.objects.create_user("Ana@Example.org", "correct horse battery")
    assert authenticate(username="ANA@EXAMPLE.ORG", password="correct horse battery")


def test_email_is_unique_regardless_of_case():
    User = get_user_model()
    User.objects.create_user("ana@example.org", "pw-123456789")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("ANA@example.org", "pw-123456789")


def test_user_without_email_is_refused():
    with pytest.raises(ValueError, match="email address is required"):
        get_user_model().objects.create_user("", "pw")


def test_superuser_is_staff():
    admin = get_user_model().objects.create_superuser("root@example.org", "pw-12345678")
    assert admin.is_staff and admin.is_superuser
    assert str(admin) == "root@example.org"


def test_phone_booking_account_is_found_by_address_in_any_case(db):
    existing = UserFactory(email="Ana.Silva@example.org", full_name="Ana Silva")
    found = account_for_phone_booking(
        "ana.silva@EXAMPLE.org", full_name="Someone Else", language="pt"
    )
    assert found.pk == existing.pk
    assert found.full_name == "Ana Silva"


def test_phone_booking_account_is_new_without_password_or_verified_address(db):
    user = account_for_phone_booking(
        "new.person@example.org",
        full_name="New Person",
        organisation="CEPAIM",
        language="es",
    )
    assert not user.has_usable_password()
    assert (user.full_name, user.organisation, user.preferred_language) == (
        "New Person",
        "CEPAIM",
        "es",
    )
    assert not EmailAddress.objects.filter(user=user, verified=True).exists()
