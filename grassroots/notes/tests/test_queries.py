"""notes.queries: visibility for every kind of viewer, parsing, relations, categories."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from grassroots.accounts.tests.factories import UserFactory
from grassroots.core.errors import NotFound
from grassroots.notes import queries
from grassroots.notes.tests.factories import NoteFactory, NoteImageFactory, TopicFactory


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今天 #红酒 #Wine 不错", ["红酒", "wine"]),
        ("#红酒#真的好喝 #旅行", ["红酒", "旅行"]),
        ("#露营[话题]# 周末", ["露营"]),
        ("#ＣＯＦＦＥＥ #coffee", ["coffee"]),
        ("http://example.com/#anchor &#39; word#tag", []),
        ("#" + "长" * 31, []),
        ("#好物分享，真的", ["好物分享"]),
        ("", []),
    ],
)
def test_parse_topics(text, expected):
    assert queries.parse_topics(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi @mia and @Li_li", ["mia", "Li_li"]),
        ("@mia @MIA @mia", ["mia"]),
        ("mail me at a@b.com", []),
        ("@li你好", ["li"]),
        ("@" + "x" * 31, []),
        ("@@double", []),
    ],
)
def test_parse_mentions(text, expected):
    assert queries.parse_mentions(text) == expected


def test_normalize_topic():
    assert queries.normalize_topic(" ##Red  Wine ") == "red wine"
    assert queries.normalize_topic("＃咖啡") == "咖啡"
    assert not queries.is_valid_topic("a/b") and not queries.is_valid_topic("")


@pytest.fixture
def people(db):
    author = UserFactory()
    return {
        "author": author,
        "stranger": UserFactory(),
        "staff": UserFactory(is_staff=True),
        "anonymous": AnonymousUser(),
    }


# (note kwargs, who may see it)
CASES: dict[str, tuple[dict[str, object], set[str]]] = {
    "listed": ({}, {"author", "stranger", "staff", "anonymous"}),
    "draft": ({"draft": True}, {"author"}),
    "private": ({"private": True}, {"author"}),
    "private_draft": ({"draft": True, "private": True}, {"author"}),
    "hidden": ({"hidden_at": "now"}, {"author", "staff"}),
    "deleted": ({"deleted_at": "now"}, {"staff"}),
    "deleted_private": ({"deleted_at": "now", "private": True}, set()),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES))
def test_visibility_matrix(people, case):
    state, allowed = CASES[case]
    kwargs = {k: (timezone.now() if v == "now" else v) for k, v in state.items()}
    note = NoteFactory.create(author=people["author"], **kwargs)
    image = NoteImageFactory.create(note=note, position=0)
    for who, viewer in people.items():
        if who in allowed:
            assert queries.note_for_viewer(note_id=note.pk, viewer=viewer).pk == note.pk
            assert queries.image_for_viewer(image_id=image.pk, viewer=viewer).pk == image.pk
        else:
            with pytest.raises(NotFound):
                queries.note_for_viewer(note_id=note.pk, viewer=viewer)
            with pytest.raises(NotFound):
                queries.image_for_viewer(image_id=image.pk, viewer=viewer)


@pytest.mark.django_db
def test_unknown_ids_are_the_same_not_found(people):
    note = NoteFactory.create(private=True)
    with pytest.raises(NotFound) as hidden:
        queries.note_for_viewer(note_id=note.pk, viewer=people["stranger"])
    with pytest.raises(NotFound) as missing:
        queries.note_for_viewer(note_id=10**9, viewer=people["stranger"])
    assert hidden.value.as_dict() == missing.value.as_dict()


@pytest.mark.django_db
def test_visible_notes_lists_own_unlisted_notes_only(people):
    author, stranger = people["author"], people["stranger"]
    listed = NoteFactory.create(author=author)
    draft = NoteFactory.create(author=author, draft=True)
    NoteFactory.create(author=author, deleted_at=timezone.now())
    NoteFactory.create(author=stranger, private=True)
    assert set(queries.visible_notes(author)) == {listed, draft}
    assert set(queries.visible_notes(stranger)) == {listed, *stranger.notes.all()}
    assert set(queries.visible_notes(people["anonymous"])) == {listed}


@pytest.mark.django_db
def test_note_for_editor_is_only_for_the_author(people):
    note = NoteFactory.create(author=people["author"], draft=True)
    assert queries.note_for_editor(note_id=note.pk, user=people["author"]) == note
    for who in ("stranger", "staff", "anonymous"):
        with pytest.raises(NotFound):
            queries.note_for_editor(note_id=note.pk, user=people[who])


@pytest.mark.django_db
def test_detail_relations_load_in_fixed_queries(django_assert_num_queries):
    topics = [TopicFactory.create(name=f"t{i}") for i in range(3)]
    notes = [NoteFactory.create(category="food-wine", topics=topics) for _ in range(5)]
    for note in notes:
        for position in range(3):
            NoteImageFactory.create(note=note, position=position)
    with django_assert_num_queries(3):
        loaded = list(queries.with_detail_relations(queries.visible_notes(None)))
        for note in loaded:
            assert note.category is not None and note.category.top.slug == "food"
            assert [i.position for i in note.images.all()] == [0, 1, 2]
            assert [t.name for t in note.topics.all()] == ["t0", "t1", "t2"]
            assert note.author.username


@pytest.mark.django_db
def test_topic_by_name_and_category_tree(django_assert_num_queries):
    TopicFactory.create(name="红酒")
    assert queries.topic_by_name("#红酒").name == "红酒"
    with pytest.raises(NotFound):
        queries.topic_by_name("nothing")
    with pytest.raises(NotFound):
        queries.category_by_slug("nope")
    tree = queries.category_tree()
    assert len(tree) == 20 and sum(len(top["children"]) for top in tree) == 200
    assert tree[0]["slug"] == "food" and tree[0]["children"][0]["slug"] == "food-restaurants"
    with django_assert_num_queries(0):
        assert queries.category_tree() == tree
