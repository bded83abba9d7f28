"""Translations: the zh-Hans catalogue is complete, its compiled .mo matches, pages follow the
browser's language."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
ZH_PO = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
ZH_MO = ZH_PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\w*\}")


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)
    line: int = 0

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [value for key, value in self.fields.items() if key.startswith("msgstr")]


def parse_po(path: Path) -> list[Entry]:
    """The active (non-obsolete) entries of a .po file; enough of the format for this check."""
    entries: list[Entry] = []
    current: Entry | None = None
    key = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current = None
            continue
        if line.startswith("#~"):
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current.fields[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            current.fields[key] = ast.literal_eval(value)
    return [entry for entry in entries if entry.fields]


@pytest.fixture(scope="module")
def zh_entries() -> list[Entry]:
    entries = parse_po(ZH_PO)
    assert entries[0].msgid == "", "the catalogue starts with its header"
    return entries


def test_zh_hans_catalogue_has_no_fuzzy_or_untranslated_entries(zh_entries):
    fuzzy = [entry.msgid for entry in zh_entries if "fuzzy" in entry.flags]
    untranslated = [
        entry.msgid
        for entry in zh_entries[1:]
        if not entry.translations or not all(entry.translations)
    ]
    assert not fuzzy, f"fuzzy entries in {ZH_PO.name}: {fuzzy}"
    assert not untranslated, f"untranslated entries in {ZH_PO.name}: {untranslated}"
    assert len(zh_entries) > 300  # the whole interface, not a stub


def test_zh_hans_translations_keep_their_placeholders(zh_entries):
    for entry in zh_entries[1:]:
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in entry.translations:
            assert sorted(PLACEHOLDER.findall(text)) == expected, (entry.msgid, text)


def test_compiled_catalogue_matches_the_po_file(zh_entries):
    """The .mo in git is what Django reads (CI has no gettext): it must be recompiled."""
    with ZH_MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in zh_entries[1:]:
        if "msgid_plural" in entry.fields:
            assert (
                compiled.ngettext(entry.msgid, entry.fields["msgid_plural"], 1)
                == (entry.fields["msgstr[0]"])
            ), entry.msgid
        elif "msgctxt" in entry.fields:
            assert (
                compiled.pgettext(entry.fields["msgctxt"], entry.msgid) == (entry.fields["msgstr"])
            )
        else:
            assert compiled.gettext(entry.msgid) == entry.fields["msgstr"], entry.msgid


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "lang", "present", "absent"),
    [
        ("en-US,en;q=0.9", "en", ["Discover", "Sign up", "Log in"], ["发现", "注册"]),
        ("zh-CN,zh;q=0.9", "zh-hans", ["发现", "注册", "登录"], [">Discover<", ">Sign up<"]),
        ("zh-Hans", "zh-hans", ["发现"], [">Discover<"]),
    ],
)
def test_pages_follow_the_browser_language(accept_language, lang, present, absent):
    response = Client(HTTP_ACCEPT_LANGUAGE=accept_language).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    for text in present:
        assert text in html
    for text in absent:
        assert text not in html


@pytest.mark.django_db
def test_the_language_cookie_beats_the_browser_language():
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US")
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "发现" in html


@pytest.mark.django_db
def test_following_as_a_button_state_reads_differently_from_the_nav_label():
    from grassroots.accounts.actions import follow_user
    from grassroots.accounts.tests.factories import UserFactory

    reader, author = UserFactory(), UserFactory(username="author")
    follow_user(follower=reader, followee=author)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-Hans")
    client.force_login(reader)
    html = client.get(f"/u/{author.username}/").content.decode()
    assert re.search(r'data-following="1">已关注</button>', html)  # the state
    assert '">关注</a>' in html  # the nav label (the following feed)
