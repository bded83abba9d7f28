from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from grassroots.core.errors import DomainError
from grassroots.core.pagination import clamp_limit, decode_cursor, encode_cursor

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] in {"sqlite", "postgresql"}


def test_healthz_rejects_writes(client):
    assert client.post("/healthz").status_code == 405


def test_deploy_check_passes_with_production_settings(tmp_path):
    # The browser tests' conftest relaxes async safety for Playwright; never in production.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 64 + "-production-secret-for-the-deploy-check",
        "DJANGO_ALLOWED_HOSTS": "grassroots.example.org",
        "GRASSROOTS_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_leaves_the_test_payment_gateway_off_unless_enabled(tmp_path):
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 64,
        "GRASSROOTS_VAR_DIR": str(tmp_path),
    }
    env.pop("GRASSROOTS_PAYMENT_GATEWAYS", None)
    show = [sys.executable, "-c", "import config.settings as s; print(s.PAYMENT_GATEWAYS)"]
    result = subprocess.run(show, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert result.stdout.strip() == "[]", result.stderr
    env["GRASSROOTS_PAYMENT_GATEWAYS"] = "test"
    result = subprocess.run(show, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert result.stdout.strip() == "['test']", result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update({"DJANGO_ENV": "production", "GRASSROOTS_VAR_DIR": str(tmp_path)})
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_cursor_round_trip_and_tampering():
    cursor = encode_cursor([12.5, 42])
    assert decode_cursor(cursor, 2) == [12.5, 42]
    assert decode_cursor(None, 2) is None
    for bad in ["%%%", encode_cursor([1]), encode_cursor([[1], 2]), "bm90IGpzb24"]:
        with pytest.raises(DomainError) as info:
            decode_cursor(bad, 2)
        assert info.value.code == "bad_cursor"


def test_limit_bounds():
    assert clamp_limit(None) == 20
    assert clamp_limit(100) == 100
    for bad in (0, -1, 101):
        with pytest.raises(DomainError):
            clamp_limit(bad)
