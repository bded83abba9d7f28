"""Log-in and password reset answer alike for known and unknown accounts; repeated attempts
are slowed down with a 429 and a readable message, on pages and in the API.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from grassroots.accounts.ratelimit import (
    LOGIN_FAILURES,
    PASSWORD_RESETS_PER_EMAIL,
    SIGNUPS_PER_IP,
)
from grassroots.accounts.tests.factories import UserFactory
from tests.security.helpers import audit_markup, json_of, without_csrf_tokens

pytestmark = pytest.mark.django_db

KNOWN = "knownuser"
UNKNOWN = "ghostuser"
WRONG_PASSWORD = "wrong-password-1"


@pytest.fixture
def known(db) -> Any:
    return UserFactory(username=KNOWN, email="known@example.com")


def page_text(response: Any, typed: str) -> str:
    return without_csrf_tokens(response.content.decode()).replace(typed, "<typed>")


def login_page(client: Client, username: str, password: str = WRONG_PASSWORD) -> Any:
    return client.post("/login/", {"username": username, "password": password})


def login_api(username: str, password: str = WRONG_PASSWORD) -> Any:
    body = json.dumps({"username": username, "password": password})
    return Client().post("/api/auth/tokens", body, content_type="application/json")


def test_login_failure_page_is_the_same_for_known_and_unknown_accounts(known):
    inactive = UserFactory(username="sleeping", is_active=False)
    answers = {}
    for username in (KNOWN, UNKNOWN, inactive.username, KNOWN.upper()):
        response = login_page(Client(), username)
        answers[username] = (response.status_code, page_text(response, username))
    assert len(set(answers.values())) == 1, {k: v[0] for k, v in answers.items()}
    status, text = answers[KNOWN]
    assert status == 400
    assert "Wrong username or password." in audit_markup(text).shown


def test_login_failure_api_is_the_same_for_known_and_unknown_accounts(known):
    known_answer, unknown_answer = login_api(KNOWN), login_api(UNKNOWN)
    assert known_answer.status_code == unknown_answer.status_code == 401
    assert json_of(known_answer) == json_of(unknown_answer)
    assert json_of(known_answer)["message"] == "Wrong username or password."


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(known):
    answers = []
    for email in ("known@example.com", "nobody@example.com"):
        client = Client()
        response = client.post("/password/reset/", {"email": email})
        done = client.get(response["Location"])
        answers.append((response.status_code, response["Location"], page_text(done, email)))
    assert answers[0] == answers[1]
    assert answers[0][0] == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["known@example.com"]


def test_password_reset_limit_keeps_the_same_answer(known):
    client = Client()
    for _attempt in range(PASSWORD_RESETS_PER_EMAIL.attempts + 2):
        response = client.post("/password/reset/", {"email": "known@example.com"})
        assert response.status_code == 302
    # The mails stop, the answer does not change (a different one would reveal the account).
    assert len(mail.outbox) == PASSWORD_RESETS_PER_EMAIL.attempts


def test_repeated_login_failures_are_limited_the_same_way(known):
    for username in (KNOWN, UNKNOWN):
        client = Client()
        for _attempt in range(LOGIN_FAILURES.attempts):
            assert login_page(client, username).status_code == 400
        limited = login_page(client, username)
        assert limited.status_code == 429
        assert "Too many attempts" in audit_markup(limited.content.decode()).shown
    # Even the right password waits until the window ends: no guessing past the limit.
    assert login_page(Client(), KNOWN, "pass-word-123").status_code == 429
    assert login_api(KNOWN, "pass-word-123").status_code == 429


def test_api_login_limit_answers_429_with_a_message(known):
    for _attempt in range(LOGIN_FAILURES.attempts):
        assert login_api(UNKNOWN).status_code == 401
    response = login_api(UNKNOWN)
    assert response.status_code == 429
    assert json_of(response) == {
        "code": "rate_limited",
        "message": "Too many attempts; try again later.",
    }


def test_signups_are_limited_per_address(db):
    client = Client()
    for number in range(SIGNUPS_PER_IP.attempts):
        body = {"username": f"new{number}", "email": f"new{number}@example.com"}
        body["password"] = "pass-word-123"
        response = client.post(
            "/api/auth/signup", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 201
    response = Client().post(
        "/signup/",
        {"username": "onemore", "email": "onemore@example.com", "password": "pass-word-123"},
    )
    assert response.status_code == 429
    assert "Too many attempts" in audit_markup(response.content.decode()).shown
