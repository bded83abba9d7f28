"""Publish a note with two pictures through the form: previews, then a carousel that loads."""

from __future__ import annotations

import pytest
from PIL import Image
from playwright.sync_api import expect

from grassroots.accounts.tests.factories import UserFactory
from grassroots.notes.models import Note

pytestmark = pytest.mark.django_db(transaction=True)

ALL_LOADED = "imgs => imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0)"


def _write_pictures(folder):
    first = folder / "sunset.jpg"
    Image.new("RGB", (900, 1200), (230, 120, 60)).save(first, "JPEG", quality=85)
    second = folder / "beach.png"
    Image.new("RGB", (1200, 800), (40, 140, 200)).save(second, "PNG")
    return [first, second]


def test_publish_a_note_with_two_pictures(page, login, tmp_path, shoot):
    author = login(UserFactory(username="mia", display_name="Mia"))
    page.goto("/")
    page.get_by_test_id("nav-publish").click()
    form = page.get_by_test_id("note-form")
    expect(form).to_be_visible()

    form.locator("input[type=file][name=images]").set_input_files(_write_pictures(tmp_path))
    previews = form.locator("[data-uploader] [data-new] img")
    expect(previews).to_have_count(2)
    page.wait_for_function(
        f"() => ({ALL_LOADED})(Array.from(document.querySelectorAll('[data-new] img')))"
    )
    expect(form.locator("[data-image-counter]")).to_have_text("2 / 18")

    form.locator("input[name=title]").fill("Sunset at the pier")
    form.locator("textarea[name=body]").fill("Best light around 7pm. #sunset")
    form.locator("select[name=category]").select_option("travel-citywalk")
    shoot(page, "publish-desktop")
    form.get_by_test_id("publish").click()

    expect(page.get_by_test_id("note-title")).to_have_text("Sunset at the pier")
    note = Note.objects.get(author=author)
    assert page.url.endswith(f"/n/{note.pk}")
    assert note.images.count() == 2
    assert note.category.slug == "travel-citywalk"
    expect(page.get_by_test_id("note-category")).to_have_text("Travel › City walks")
    # The #tag is linked in the body; the topics row would only repeat it.
    expect(page.get_by_test_id("note-body").get_by_role("link", name="#sunset")).to_be_visible()
    expect(page.get_by_test_id("note-topics")).to_have_count(0)

    carousel = page.get_by_test_id("carousel")
    slides = carousel.locator(".slides img")
    expect(slides).to_have_count(2)
    expect(carousel.locator(".count")).to_have_text("1 / 2")
    # The second picture is lazy: bring it into view with the carousel's own next button.
    carousel.get_by_role("button", name="Next picture").click()
    expect(carousel.locator(".count")).to_have_text("2 / 2")
    # Once the smooth scroll settles, the second picture fills the carousel.
    page.wait_for_function(
        """c => { const s = c.querySelector('.slides');
                  return Math.abs(s.scrollLeft - (s.scrollWidth - s.clientWidth)) < 2; }""",
        arg=carousel.element_handle(),
    )
    frame = carousel.bounding_box()
    second = slides.nth(1).bounding_box()
    assert frame and second
    assert abs(second["x"] - frame["x"]) < 2 and second["width"] <= frame["width"] + 1
    slides.nth(1).evaluate("img => img.decode()")
    assert slides.evaluate_all(ALL_LOADED)
    sizes = slides.evaluate_all("imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])")
    # Aspect ratios survive the re-encode: portrait first, landscape second (as uploaded).
    assert sizes[0][0] < sizes[0][1]
    assert sizes[1][0] > sizes[1][1]
    shoot(page, "detail-desktop")
