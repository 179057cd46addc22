"""factory-boy factories for the site's models (wagtail-factories for pages)."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from home.models import Partner, StandardPage


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("a-long-test-password")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    introduction = "An introduction."

    class Meta:
        model = StandardPage


class PartnerFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    acronym = factory.Sequence(lambda n: f"P{n}")
    country = "ES"

    class Meta:
        model = Partner


class VerifiedUserFactory(UserFactory):
    """A user whose address allauth has verified (may book)."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(
                user=obj,
                email=obj.email,
                defaults={"verified": True, "primary": True},
            )


def member_of(group_name: str, **fields):
    """A user (address verified, not staff) in only the group ``group_name``."""
    from django.contrib.auth.models import Group

    user = VerifiedUserFactory(**fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user
