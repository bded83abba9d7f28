"""The publish/edit form: parses page input; the rules live in notes.actions and notes.cleaning."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from grassroots.core.errors import DomainError
from grassroots.notes.cleaning import (
    BODY_MAX_CHARS,
    IMAGES_MAX,
    PLACE_CITY_MAX_CHARS,
    PLACE_NAME_MAX_CHARS,
    TITLE_MAX_CHARS,
)
from grassroots.notes.models import Note
from grassroots.notes.queries import category_tree
from grassroots.shops.queries import note_product_ids

_TOPIC_SPLIT = re.compile(r"[\s,，、;；#＃]+")


def split_topic_input(text: str) -> list[str]:
    """'#红酒 travel, 露营' -> ['红酒', 'travel', '露营'] (normalised later by the action)."""
    return [part for part in _TOPIC_SPLIT.split(text or "") if part]


def category_choices() -> list[tuple[str, Any]]:
    """Choices grouped by top category; the top category itself is the group's first option."""
    chinese = (get_language() or "").startswith("zh")
    choices: list[tuple[str, Any]] = [("", _("No category"))]
    for top in category_tree():
        top_name = top["name_zh"] if chinese else top["name_en"]
        options = [(top["slug"], top_name)]
        options += [
            (child["slug"], child["name_zh"] if chinese else child["name_en"])
            for child in top["children"]
        ]
        choices.append((top_name, options))
    return choices


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show an action's refusal next to the field it names (or above the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


class MultipleImageInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files under one name, in the order the browser sends them."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_clean(item, initial) for item in data if item]
        return [single_clean(data, initial)] if data else []


class IdListField(forms.Field):
    """Repeated values under one name (checkboxes), as stripped strings; the action checks them."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [str(item).strip() for item in values if str(item).strip()]


class NoteForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_CHARS,
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("A good title gets more views"),
                "data-counter": "title-counter",
            }
        ),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX_CHARS,
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={
                "placeholder": _("Share what you tried, found or learned… #topic @friend"),
                "data-counter": "body-counter",
                "rows": 8,
            }
        ),
    )
    images = MultipleImageField(
        label=_("Pictures"),
        required=False,
        widget=MultipleImageInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/heic,image/heif"}
        ),
    )
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        max_length=400,
        widget=forms.TextInput(attrs={"placeholder": _("#coffee #weekend")}),
        help_text=_("Up to 10, separated by spaces. #hashtags in the text count too."),
    )
    category = forms.ChoiceField(label=_("Category"), required=False, choices=())
    place_name = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=PLACE_NAME_MAX_CHARS,
        widget=forms.TextInput(attrs={"placeholder": _("Shop, park, hotel…")}),
    )
    place_city = forms.CharField(label=_("City"), required=False, max_length=PLACE_CITY_MAX_CHARS)
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Note.Visibility.choices,
        initial=Note.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    # Product cards (shops): ids of products on sale, chosen with the picker.
    products = IdListField(label=_("Products in this note"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()  # type: ignore[attr-defined]
        # Formatted per request: a lazy string formatted at import would freeze its language.
        self.fields["images"].help_text = _("Up to %(max)d pictures: JPEG, PNG, WebP or HEIC.") % {
            "max": IMAGES_MAX
        }

    @staticmethod
    def initial_for(note: Note) -> dict[str, Any]:
        return {
            "title": note.title,
            "body": note.body,
            "topics": " ".join(f"#{topic.name}" for topic in note.topics.all()),
            "category": note.category.slug if note.category else "",
            "place_name": note.place_name,
            "place_city": note.place_city,
            "visibility": note.visibility,
            "products": [str(pk) for pk in note_product_ids(note.pk)],
        }
