"""Co-creation in a real browser: a brand owner asks, the community answers, the owner
refreshes the ideas and adopts the top one, and the author sees the credit."""

from __future__ import annotations

import pytest

from grassroots.accounts.tests.factories import UserFactory
from grassroots.brands.tests.factories import make_brand, owner_of
from grassroots.engagement.actions import comment_create
from grassroots.notes.models import Note

pytestmark = pytest.mark.django_db(transaction=True)


def test_owner_asks_refreshes_and_adopts_and_the_author_is_credited(page, login, shoot):
    brand = make_brand(name="Cloudlet", slug="cloudlet")
    owner = owner_of(brand)
    login(owner)
    page.goto(f"/b/{brand.slug}")
    page.get_by_role("link", name="Ask the community").first.click()
    page.fill("input[name=title]", "Next stroller?")
    page.fill("textarea[name=body]", "What should we improve?")
    page.get_by_role("button", name="Publish the question").click()
    page.wait_for_selector("[data-testid=campaign-page]")
    campaign_url = page.url

    note = Note.objects.get(title="Next stroller?")
    fans = [UserFactory(username=f"mum{n}") for n in range(3)]
    comment_create(note=note, author=fans[0], body="建议加个头托，宝宝脖子总歪")
    comment_create(note=note, author=fans[1], body="要是有头托护住脖子就好了")
    comment_create(note=note, author=fans[2], body="好看！")

    page.reload()
    page.get_by_test_id("analyse").click()
    page.wait_for_selector("[data-testid=idea]")
    assert page.get_by_test_id("idea").count() == 1
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("adopt").click()
    page.wait_for_selector("[data-testid=adopted]")
    shoot(page, "cocreation-adopted")

    reader = page.context.browser.new_context(base_url=page.url.split("/campaigns")[0])
    public = reader.new_page()
    public.goto(campaign_url)
    credited = public.get_by_test_id("credited").all_inner_texts()
    assert sorted(credited) == ["@mum0", "@mum1"]
    reader.close()
