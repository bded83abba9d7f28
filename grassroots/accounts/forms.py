"""Forms parse and render page input; the rules themselves live in accounts.actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from grassroots.accounts.models import User
from grassroots.core.errors import DomainError


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show an action's refusal next to the field it names (or above the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


class SignupForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=30,
        help_text=_("3–30 letters, digits or underscores. Your page will be /u/username."),
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    display_name = forms.CharField(
        label=_("Name"),
        max_length=30,
        required=False,
        help_text=_("Shown on your notes. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        help_text=_("Only used to reset your password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 8 characters; not only digits, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class ProfileForm(forms.Form):
    avatar = forms.FileField(
        label=_("Avatar"),
        required=False,
        help_text=_("JPEG, PNG, WebP or HEIC."),
        widget=forms.FileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/heic", "data-avatar-input": ""}
        ),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)
    display_name = forms.CharField(label=_("Name"), max_length=30, required=False)
    bio = forms.CharField(
        label=_("Bio"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-counter": "bio-counter"}),
    )
    place = forms.CharField(label=_("Place"), max_length=40, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=User.Gender.choices, required=False)
    age_range = forms.ChoiceField(
        label=_("Age range"), choices=User.AgeRange.choices, required=False
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=50,
        initial="api",
        help_text=_("So you can tell your tokens apart, e.g. the app or script using it."),
    )


class ResetRequestForm(PasswordResetForm):
    """Django's reset form; mails only active users with a usable password, says nothing."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ResetSetPasswordForm(SetPasswordForm):
    def save(self, commit: bool = True) -> Any:
        """Through the action, which also revokes the account's API tokens."""
        from grassroots.accounts.actions import password_reset_complete

        password_reset_complete(user=self.user, new_password=self.cleaned_data["new_password1"])
        return self.user
