"""Product cards in a real browser: the seller lists a product, an author picks it while
publishing (the picker keeps a ticked result across searches), a reader opens the card from
the note and the visit is recorded as a product click credited to that note."""

from __future__ import annotations

import pytest

from grassroots.accounts.tests.factories import UserFactory
from grassroots.shops import actions, catalogue
from grassroots.shops.models import NoteProduct, ProductTouch

pytestmark = pytest.mark.django_db(transaction=True)


def test_author_links_products_and_a_reader_follows_the_card(page, login, shoot):
    seller = UserFactory(username="seller")
    shop = actions.shop_create(owner=seller, name="Camp Goods", slug="camp-goods")
    chair = catalogue.product_create(
        shop=shop, actor=seller, title="Folding chair", variants=[{"price": "129", "stock": 5}]
    )
    lamp = catalogue.product_create(
        shop=shop, actor=seller, title="Camping lamp", variants=[{"price": "89.90", "stock": 2}]
    )
    author = UserFactory(username="author")
    login(author)
    page.goto("/publish")
    page.fill("input[name=title]", "Weekend camp")
    page.fill("textarea[name=body]", "The chair saved my back.")
    search = page.locator("input[name=product_q]")
    search.fill("chair")
    page.locator("[data-testid=pick-result]", has_text="Folding chair").locator("input").check()
    search.fill("lamp")
    page.locator("[data-testid=pick-result]", has_text="Camping lamp").wait_for()
    # The ticked chair moved to the chosen list, so the new search did not drop it.
    assert page.locator(".chosen input:checked").count() == 1
    page.locator("[data-testid=pick-result]", has_text="Camping lamp").locator("input").check()
    shoot(page, "publish-with-products")
    page.locator("[data-testid=publish]").click()
    page.locator("[data-testid=note-products]").wait_for()
    note_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    assert list(
        NoteProduct.objects.filter(note_id=note_id).values_list("product_id", flat=True)
    ) == [chair.pk, lamp.pk]
    shoot(page, "note-with-cards")

    reader = UserFactory(username="reader")
    page.context.clear_cookies()
    login(reader)
    page.goto(f"/n/{note_id}")
    page.locator("[data-testid=product-card]", has_text="Folding chair").click()
    page.locator("[data-testid=product-page]").wait_for()
    assert page.url.endswith(f"/p/{chair.pk}?from={note_id}")
    assert "¥129.00" in page.locator("[data-testid=product-price]").inner_text()
    assert page.locator("[data-testid=experiences]").get_by_text("Weekend camp").count() == 1
    shoot(page, "product-from-note")
    touch = ProductTouch.objects.get()
    assert (touch.product_id, touch.note_id, touch.user_id) == (chair.pk, note_id, reader.pk)
