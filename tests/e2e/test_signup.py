"""Sign up through the form, land signed in on discover."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from grassroots.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_through_the_form_signs_the_new_user_in(page):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    form = page.get_by_test_id("signup-form")
    expect(form).to_be_visible()

    form.get_by_label("Username", exact=True).fill("mia_tries")
    form.get_by_label("Name", exact=True).fill("Mia")
    form.get_by_label("Email", exact=True).fill("mia@example.com")
    form.get_by_label("Password", exact=True).fill("wine-and-cheese-42")
    form.get_by_role("button", name="Sign up").click()

    # Back on discover, signed in: the top bar offers Publish and links to the new profile.
    expect(page.get_by_test_id("nav-publish")).to_be_visible()
    expect(page.locator("header.topbar a[href='/u/mia_tries/']")).to_have_count(1)
    assert User.objects.filter(username="mia_tries", email="mia@example.com").exists()


def test_sign_up_with_a_taken_username_shows_the_error_next_to_the_field(page):
    User.objects.create_user(username="taken", email="t@example.com", password="x-long-pass-1")
    page.goto("/signup/")
    form = page.get_by_test_id("signup-form")
    form.get_by_label("Username", exact=True).fill("taken")
    form.get_by_label("Email", exact=True).fill("other@example.com")
    form.get_by_label("Password", exact=True).fill("wine-and-cheese-42")
    form.get_by_role("button", name="Sign up").click()

    expect(page.locator(".field-error[data-field='username']")).to_be_visible()
    assert User.objects.filter(username="taken").count() == 1
