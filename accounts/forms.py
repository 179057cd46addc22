"""Account forms: allauth's, with visible labels only, plus the profile and deletion.

allauth gives each input a placeholder repeating its label; our templates
show real labels, so the subclasses below drop the placeholders (a
placeholder is not a label and vanishes as soon as someone types).
"""

from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _


class LabelledFieldsMixin:
    """Drops allauth's placeholders; our templates show labels instead."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class LoginForm(LabelledFieldsMixin, allauth_forms.LoginForm):
    pass


class SignupForm(LabelledFieldsMixin, allauth_forms.SignupForm):
    """Email and password, plus an optional name (the rest is on the profile)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        help_text=_("Shown on your bookings. You can change it later in your profile."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["full_name", "email", "password1", "password2"]

    def try_save(self, request):
        """Create the account; when a sign-up with the same address won the
        race between the check and the insert, answer as allauth answers a
        taken address (the "check your inbox" page, and an email saying the
        account exists) rather than with the database's error."""
        try:
            with transaction.atomic():
                return super().try_save(request)
        except IntegrityError:
            email = self.cleaned_data.get("email", "")
            if not get_user_model().objects.filter(email__iexact=email).exists():
                raise
            self.account_already_exists = True
            return super().try_save(request)


class AddEmailForm(LabelledFieldsMixin, allauth_forms.AddEmailForm):
    pass


class ChangePasswordForm(LabelledFieldsMixin, allauth_forms.ChangePasswordForm):
    pass


class ResetPasswordForm(LabelledFieldsMixin, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(LabelledFieldsMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class ReauthenticateForm(LabelledFieldsMixin, allauth_forms.ReauthenticateForm):
    pass


class ProfileForm(forms.ModelForm):
    """What a person tells us about themselves (their address is managed by allauth)."""

    class Meta:
        model = get_user_model()
        fields = [
            "full_name",
            "organisation",
            "job_role",
            "country",
            "preferred_language",
        ]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "job_role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "country": forms.Select(attrs={"autocomplete": "country"}),
            "preferred_language": forms.Select(attrs={"autocomplete": "language"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", _("Not given")),
            *[c for c in self.fields["country"].choices if c[0]],
        ]


class DeleteAccountForm(forms.Form):
    """One required tick box: deletion cannot be undone."""

    confirm = forms.BooleanField(
        label=_("I understand that my account and bookings will be deleted."),
        error_messages={
            "required": _(
                "Tick the box to confirm that you want to delete your account."
            )
        },
    )
