"""Page forms of the shops app: they parse input; the rules live in the write modules
(shops.actions, shops.catalogue)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grassroots.notes.forms import MultipleImageField, MultipleImageInput, category_choices
from grassroots.shops.actions import SHOP_DESCRIPTION_MAX, SHOP_NAME_MAX, SHOP_POLICIES_MAX
from grassroots.shops.catalogue import PRODUCT_DESCRIPTION_MAX, PRODUCT_TITLE_MAX, STOCK_MAX
from grassroots.shops.models import Product, Shop
from grassroots.shops.money import CURRENCY_CHOICES

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif"


class ShopForm(forms.Form):
    name = forms.CharField(label=_("Shop name"), max_length=SHOP_NAME_MAX)
    slug = forms.CharField(
        label=_("Shop address"),
        max_length=40,
        required=False,
        help_text=_("Letters, digits and hyphens, like tea-corner. Left empty, one is made."),
    )
    description = forms.CharField(
        label=_("About the shop"),
        max_length=SHOP_DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": _("What you sell and why you love it")}
        ),
    )
    policies = forms.CharField(
        label=_("Shipping and returns"),
        max_length=SHOP_POLICIES_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="CNY")

    @staticmethod
    def initial_for(shop: Shop) -> dict[str, Any]:
        return {
            "name": shop.name,
            "slug": shop.slug,
            "description": shop.description,
            "policies": shop.policies,
            "currency": shop.currency,
        }


class ShopAvatarForm(forms.Form):
    avatar = forms.FileField(
        label=_("Shop picture"), widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT})
    )


class MemberAddForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=30)


def product_category_choices() -> list[tuple[str, Any]]:
    return category_choices()


class ProductForm(forms.Form):
    title = forms.CharField(label=_("Product name"), max_length=PRODUCT_TITLE_MAX)
    description = forms.CharField(
        label=_("Description"),
        max_length=PRODUCT_DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": _("Material, size, how to use it, what's inside")}
        ),
    )
    category = forms.ChoiceField(label=_("Category"), required=False, choices=())
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Product.Status.choices,
        initial=Product.Status.ACTIVE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = product_category_choices()  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(product: Product) -> dict[str, Any]:
        return {
            "title": product.title,
            "description": product.description,
            "category": product.category.slug if product.category else "",
            "status": product.status,
        }


class ProductCreateForm(ProductForm):
    """A new product with its first option (most products have just one)."""

    price = forms.CharField(
        label=_("Price"), max_length=16, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    stock = forms.IntegerField(label=_("Stock"), min_value=0, max_value=STOCK_MAX, initial=10)
    attributes = forms.CharField(
        label=_("Option"),
        max_length=200,
        required=False,
        help_text=_("Optional, like colour: red, size: M. Add more options after saving."),
    )
    images = MultipleImageField(
        label=_("Pictures"),
        required=False,
        widget=MultipleImageInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("Up to 9 pictures: JPEG, PNG, WebP or HEIC."),
    )


class VariantForm(forms.Form):
    sku = forms.CharField(label=_("SKU"), max_length=40, required=False)
    attributes = forms.CharField(
        label=_("Option"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("colour: red, size: M")}),
    )
    price = forms.CharField(
        label=_("Price"), max_length=16, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    stock = forms.IntegerField(label=_("Stock"), min_value=0, max_value=STOCK_MAX)
    is_active = forms.BooleanField(label=_("On sale"), required=False, initial=True)


class ProductImagesForm(forms.Form):
    images = MultipleImageField(
        label=_("Add pictures"),
        widget=MultipleImageInput(attrs={"accept": IMAGE_ACCEPT}),
    )


def attributes_text(attributes: dict[str, Any]) -> str:
    """{"colour": "red", "size": "M"} -> "colour: red, size: M" (the form's input format)."""
    return ", ".join(f"{name}: {value}" for name, value in (attributes or {}).items())
