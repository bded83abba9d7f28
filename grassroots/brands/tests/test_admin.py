"""Django admin for brands: the verify action goes through brands.actions and is logged."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from grassroots.accounts.tests.factories import UserFactory
from grassroots.brands.models import Brand, BrandEvent
from grassroots.brands.tests.factories import make_brand

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for_staff():
    staff = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    return client, staff


def test_admin_verify_and_unverify_actions_are_logged(admin_client_for_staff):
    client, staff = admin_client_for_staff
    pending = make_brand(verified=False, slug="pending-one")
    url = reverse("admin:brands_brand_changelist")
    assert client.get(url).status_code == 200
    client.post(url, {"action": "verify", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.is_verified and pending.verified_by == staff
    client.post(url, {"action": "unverify", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert not pending.is_verified
    kinds = list(
        BrandEvent.objects.filter(brand=pending, actor=staff).values_list("kind", flat=True)
    )
    assert sorted(kinds) == ["unverified", "verified"]


def test_admin_links_the_brand_account_through_the_action(admin_client_for_staff):
    client, staff = admin_client_for_staff
    brand = make_brand(slug="with-account")
    handle = UserFactory(username="cloudlet_official")
    change = reverse("admin:brands_brand_change", args=[brand.pk])
    assert client.get(change).status_code == 200
    data = {
        "account": str(handle.pk),
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
        "products-TOTAL_FORMS": "0",
        "products-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    response = client.post(change, data)
    assert response.status_code == 302, response.content[:2000]
    assert Brand.objects.get(pk=brand.pk).account == handle
    assert BrandEvent.objects.filter(brand=brand, kind="account_linked", actor=staff).exists()
