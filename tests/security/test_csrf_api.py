"""API writes and CSRF: a browser session needs the token, a bearer token does not.

Operations come from the OpenAPI schema, so a new write endpoint is covered the day it is
added. Bodies are valid ones, so a missing check would show up as a changed row.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from config.api import api
from grassroots.accounts.models import ApiToken
from grassroots.brands.tests.factories import STAFF_ONLY_WRITES, security_bodies
from grassroots.notes.tests.factories import image_bytes
from grassroots.orders.tests import factories as orders_security
from grassroots.shops.tests import factories as shops_security
from tests.security.helpers import changed_tables, db_state, json_of, with_csrf_cookie

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch", "delete")
# Writes that take no authentication at all: they never act as the session's user, so a
# forged request gains nothing from the victim's cookie (sign-up and password log-in).
ANONYMOUS_WRITES = {
    ("post", "/api/auth/signup"),
    ("post", "/api/auth/tokens"),
    *orders_security.ANONYMOUS_WRITES,  # signed by the payment gateway instead
}
MIN_WRITE_OPERATIONS = 30
# Staff-only writes answer the member 404 (as for a missing note), CSRF or not.
STAFF_ONLY = {("post", "/api/notes/{note_id}/restore"), *STAFF_ONLY_WRITES}
# Writes the fixture's objects are in the wrong state for (409 after passing CSRF).
STATE_DEPENDENT = orders_security.STATE_DEPENDENT_WRITES
# "Revoke the token of this request" has nothing to revoke for a browser session (400).
TOKEN_ONLY = {("delete", "/api/auth/tokens")}


def write_operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in WRITE_METHODS:
                found.append((method, path, operation))
    return found


def fill(path: str, site: Any) -> str:
    values = {
        "note_id": site.note.pk,
        "image_id": site.image.pk,
        "comment_id": site.comment.pk,
        "board_id": site.board.pk,
        "token_id": site.token.pk,
        "entry_id": site.history_entry.pk,
        "username": site.other.username,
        "name": site.topic.name,
        **site.orders,
        **site.brand,
        **site.shops,
    }

    def value_for(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in values, f"no test object for {{{name}}} in {path}"
        return str(values[name])

    return re.sub(r"\{(\w+)\}", value_for, path)


def valid_body(method: str, path: str, site: Any) -> tuple[Any, str | None]:
    """(data, content type) of a request that would succeed; None type = multipart."""
    jpeg = image_bytes()

    def picture(name: str = "p.jpg") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, jpeg, "image/jpeg")

    bodies: dict[tuple[str, str], tuple[Any, str | None]] = {
        ("post", "/api/notes"): ({"title": "csrf", "body": "x", "images": [picture()]}, None),
        ("post", "/api/notes/{note_id}/images"): ({"images": [picture()]}, None),
        ("post", "/api/me/avatar"): ({"avatar": picture("a.jpg")}, None),
        ("patch", "/api/me"): ({"bio": "hacked"}, "json"),
        ("patch", "/api/notes/{note_id}"): ({"title": "hacked"}, "json"),
        ("put", "/api/notes/{note_id}/images"): ({"order": [site.image.pk]}, "json"),
        ("post", "/api/notes/{note_id}/collect"): ({}, "json"),
        ("post", "/api/notes/{note_id}/comments"): ({"body": "csrf comment"}, "json"),
        ("post", "/api/boards"): ({"name": "csrf board"}, "json"),
        ("patch", "/api/boards/{board_id}"): ({"name": "hacked"}, "json"),
        ("post", "/api/notifications/read"): ({}, "json"),
        # Without credentials of their own, the anonymous writes must not act at all.
        ("post", "/api/auth/signup"): ({}, "json"),
        ("post", "/api/auth/tokens"): ({}, "json"),
        **{key: (body, "json") for key, body in security_bodies(site.brand).items()},
        **{
            key: (body, "json")
            for key, body in orders_security.security_bodies(site.orders).items()
        },
        **{key: (body, "json") for key, body in shops_security.security_bodies(site.shops).items()},
        **{
            key: ({field: [picture()] if field == "images" else picture()}, None)
            for key, field in shops_security.MULTIPART_WRITES.items()
        },
    }
    return bodies.get((method, path), (None, "json"))


def call(client: Client, method: str, url: str, body: tuple[Any, str | None], **headers: Any):
    data, kind = body
    if kind is None:
        return client.post(url, data, **headers)  # multipart (only POSTs upload files)
    payload = json.dumps(data) if data is not None else ""
    return getattr(client, method)(url, payload, content_type="application/json", **headers)


def test_schema_lists_the_write_operations():
    operations = write_operations()
    assert len(operations) >= MIN_WRITE_OPERATIONS
    paths = {(m, p) for m, p, _op in operations}
    for expected in [
        ("post", "/api/notes"),
        ("patch", "/api/notes/{note_id}"),
        ("delete", "/api/notes/{note_id}"),
        ("post", "/api/notes/{note_id}/like"),
        ("post", "/api/notes/{note_id}/comments"),
        ("post", "/api/boards"),
        ("patch", "/api/me"),
        ("post", "/api/users/{username}/follow"),
    ]:
        assert expected in paths, expected
    # Every write but the anonymous ones declares authentication.
    unauthenticated = {(m, p) for m, p, op in operations if not op.get("security")}
    assert unauthenticated == ANONYMOUS_WRITES


def test_session_writes_without_the_csrf_header_are_refused(site, strict_client):
    strict_client.force_login(site.member)
    cookie = with_csrf_cookie(strict_client)
    state = db_state()
    checked = 0
    for method, path, _op in write_operations():
        url = fill(path, site)
        for headers in ({}, {"HTTP_X_CSRFTOKEN": "B" * 64}):
            response = call(strict_client, method, url, valid_body(method, path, site), **headers)
            if (method, path) in ANONYMOUS_WRITES:
                # Not refused by CSRF, but it neither used nor changed the session's account.
                assert response.status_code == 422, (method, path, response.status_code)
            else:
                assert response.status_code in (401, 403), (method, path, response.status_code)
                checked += 1
        after = db_state()
        assert not changed_tables(state, after), (method, path)
        state = after
    assert checked >= 2 * (MIN_WRITE_OPERATIONS - len(ANONYMOUS_WRITES))
    assert strict_client.cookies["csrftoken"].value == cookie


def test_anonymous_writes_do_not_act_as_the_session_user(site, strict_client):
    strict_client.force_login(site.member)
    with_csrf_cookie(strict_client)
    response = call(strict_client, "post", "/api/auth/tokens", ({}, "json"))
    assert response.status_code == 422  # credentials are required, the cookie is not enough
    assert ApiToken.objects.filter(user=site.member).count() == 1  # only the fixture's
    body = {"username": "newbie", "email": "newbie@example.com", "password": "pass-word-123"}
    response = call(strict_client, "post", "/api/auth/signup", (body, "json"))
    assert response.status_code == 201
    assert json_of(response)["user"]["username"] == "newbie"
    # The browser is still the member's: sign-up through the API never switches a session.
    assert json_of(strict_client.get("/api/me"))["username"] == site.member.username


def test_session_writes_with_the_token_get_through(site, strict_client):
    """Positive control: the refusals above come from CSRF, not from broken requests."""
    strict_client.force_login(site.member)
    token = with_csrf_cookie(strict_client)
    refused = []
    for method, path, _op in write_operations():
        if (method, path) in ANONYMOUS_WRITES:
            continue
        url = fill(path, site)
        with transaction.atomic():
            response = call(
                strict_client, method, url, valid_body(method, path, site), HTTP_X_CSRFTOKEN=token
            )
            transaction.set_rollback(True)
        expected_ok = (method, path) not in STAFF_ONLY | TOKEN_ONLY | STATE_DEPENDENT
        if (response.status_code < 300) != expected_ok:
            refused.append((method, path, response.status_code, json_of(response)))
    assert not refused


def test_bearer_token_writes_need_no_csrf(site, strict_client):
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {site.token_key}"}
    refused = []
    for method, path, _op in write_operations():
        if (method, path) in ANONYMOUS_WRITES:
            continue
        url = fill(path, site)
        with transaction.atomic():
            response = call(strict_client, method, url, valid_body(method, path, site), **bearer)
            transaction.set_rollback(True)
        expected_ok = (method, path) not in STAFF_ONLY | STATE_DEPENDENT
        if (response.status_code < 300) != expected_ok:
            refused.append((method, path, response.status_code, json_of(response)))
    assert not refused


def test_a_bearer_write_really_writes(site, strict_client):
    response = strict_client.post(
        f"/api/notes/{site.note.pk}/like", HTTP_AUTHORIZATION=f"Bearer {site.token_key}"
    )
    assert response.status_code == 200
    assert json_of(response)["liked"] is True


def test_a_wrong_bearer_token_does_not_fall_back_to_the_session(site, strict_client):
    strict_client.force_login(site.member)
    with_csrf_cookie(strict_client)
    before = db_state()
    response = strict_client.post(
        f"/api/notes/{site.note.pk}/like", HTTP_AUTHORIZATION="Bearer not-a-token"
    )
    assert response.status_code in (401, 403)
    assert not changed_tables(before, db_state())
