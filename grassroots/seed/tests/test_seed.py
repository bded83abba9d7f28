import json

import pytest
from django.contrib.auth import authenticate
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from grassroots.accounts.models import User
from grassroots.engagement.models import Comment
from grassroots.notes.models import Note, NoteImage, Topic
from grassroots.seed.checks import counter_mismatches
from grassroots.seed.generator import DEMO_PASSWORD, DEMO_USERNAME

ANCHOR = "2026-06-01"


def seed(tmp_path, name="manifest.json", **options):
    path = tmp_path / name
    defaults = {"users": 40, "notes": 320, "seed": 7, "anchor": ANCHOR, "verbosity": 0}
    call_command("seed", manifest=str(path), **{**defaults, **options})
    return json.loads(path.read_text(encoding="utf-8"))


def snapshot():
    notes = list(Note.objects.order_by("id").values_list("id", "title", "body", "author__username"))
    comments = list(Comment.objects.order_by("id").values_list("id", "note_id", "body"))
    return notes, comments


@pytest.mark.django_db
def test_same_seed_gives_the_same_community(tmp_path):
    seed(tmp_path)
    first = snapshot()
    User.objects.all().delete()  # cascades to notes, comments, likes…
    Topic.objects.all().delete()
    seed(tmp_path)
    assert snapshot() == first
    assert first[0][0][0] == 1  # ids are assigned by the seed, from the first free one


@pytest.mark.django_db
def test_another_seed_gives_other_text(tmp_path):
    seed(tmp_path, notes=60, seed=1)
    titles = [title for _id, title, _body, _user in snapshot()[0]]
    User.objects.all().delete()
    Topic.objects.all().delete()
    seed(tmp_path, notes=60, seed=2)
    assert [title for _id, title, _body, _user in snapshot()[0]] != titles


@pytest.mark.django_db
def test_counters_equal_row_counts_and_text_fits(tmp_path):
    manifest = seed(tmp_path)
    assert counter_mismatches() == dict.fromkeys(counter_mismatches(), 0)
    assert Note.objects.count() == 320
    assert User.objects.count() == 40
    for title, body in Note.objects.values_list("title", "body"):
        assert 0 < len(title) <= 20
        assert 0 < len(body) <= 1000
    counts = manifest["counts"]
    assert counts["subcategories_used"] == 200
    assert counts["likes"] > 0 and counts["comments"] > 0 and counts["collects"] > 0
    assert Note.objects.filter(is_listed=True).count() == counts["listed_notes"]
    listed = Note.objects.filter(is_listed=True)[0]
    assert listed.hot_score > 0


@pytest.mark.django_db
def test_demo_login_exists(tmp_path):
    seed(tmp_path, users=5, notes=30)
    demo = User.objects.get(username=DEMO_USERNAME)
    assert authenticate(username=DEMO_USERNAME, password=DEMO_PASSWORD) == demo
    assert not User.objects.exclude(pk=demo.pk)[0].has_usable_password()


@pytest.mark.django_db
def test_manifest_lists_planted_questions_and_themes(tmp_path):
    manifest = seed(tmp_path, notes=1200, users=60)
    assert manifest["seed"] == 7
    assert 0.3 < manifest["text"]["distinct_sentence_ratio"] <= 1
    assert 0.08 < manifest["counts"]["english_share"] < 0.25
    questions = {item["key"]: item for item in manifest["questions"]}
    wine = questions["opened_red_wine"]
    note = Note.objects.get(pk=wine["question_note"]["id"])
    assert note.title == "开了的红酒放三个月还能喝吗"
    assert note.external_id == wine["question_note"]["external_id"]
    answer = Comment.objects.get(pk=wine["answer_comment"]["id"])
    assert answer.note_id == note.pk and answer.body == wine["answer"]
    assert answer.external_id == wine["answer_comment"]["external_id"]
    for item in manifest["questions"]:
        if item["answer_in"] == "note":
            assert Note.objects.get(pk=item["answer_note"]["id"]).body.startswith(item["answer"])
    themes = {theme["key"]: theme for theme in manifest["themes"]}
    assert set(themes) >= {"stroller_neck_tilt", "sunscreen_white_cast", "tote_smaller_size"}
    assert themes["sunscreen_white_cast"]["onset"] == "2026-04-02"
    for theme in manifest["themes"]:
        for occurrence in theme["occurrences"]:
            if occurrence["where"] == "body":
                text = Note.objects.get(pk=occurrence["note_id"]).body
            else:
                comment = Comment.objects.get(pk=occurrence["comment"]["id"])
                assert comment.note_id == occurrence["note_id"]
                text = comment.body
            assert any(phrase in text for phrase in theme["phrasings"]), text
    planted = sum(len(theme["occurrences"]) for theme in manifest["themes"])
    assert planted > 0


@pytest.mark.django_db
def test_images_go_through_the_image_pipeline(tmp_path):
    manifest = seed(tmp_path, users=6, notes=30, images=True)
    photos = manifest["photos"]
    assert photos["photos"] == NoteImage.objects.count() > 0
    image = NoteImage.objects.select_related("note")[0]
    assert default_storage.exists(image.large) and default_storage.exists(image.thumb)
    assert image.alt_text
    note = image.note
    assert note.image_count == note.images.count()
    assert (note.cover_width, note.cover_height) == (
        note.images.all()[0].width,
        note.images.all()[0].height,
    )
    assert User.objects.exclude(avatar="").count() == photos["avatars"]


@pytest.mark.django_db
def test_bad_options_and_a_non_empty_database_are_refused(tmp_path):
    with pytest.raises(CommandError, match="users"):
        seed(tmp_path, users=1)
    with pytest.raises(CommandError, match="anchor"):
        seed(tmp_path, anchor="not-a-date")
    with pytest.raises(CommandError, match="theme-focus"):
        seed(tmp_path, theme_focus=1.5)
    seed(tmp_path, users=3, notes=5)
    with pytest.raises(CommandError, match="already has notes"):
        seed(tmp_path, users=3, notes=5)


def _theme_category_notes(manifest):
    return sum(record["category_notes"] for record in manifest["themes"])


@pytest.mark.django_db
def test_theme_focus_puts_more_notes_in_the_planted_themes_categories(tmp_path):
    plain = seed(tmp_path, name="plain.json", notes=600)
    User.objects.all().delete()
    Topic.objects.all().delete()
    focused = seed(tmp_path, name="focused.json", notes=600, theme_focus=0.5)
    assert _theme_category_notes(focused) > 3 * _theme_category_notes(plain)
