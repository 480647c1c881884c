"""The platform commands as an operator runs them: real processes, real server, real settings."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

QGOV = [sys.executable, "-m", "qgov.cli.main"]


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*QGOV, *args], env=env, input=stdin, capture_output=True, text=True, timeout=180)


@pytest.fixture
def site(tmp_path: Path) -> dict[str, str]:
    """A fresh installation in its own data folder, on an embedded SQLite database."""
    # A clean operator environment: none of the test run's own settings leak in.
    leaking = ("QGOV_", "DJANGO_", "PYTEST_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(leaking)}
    env.update(
        QGOV_DATA_DIR=str(tmp_path / "var"),
        QGOV_DATABASE_URL=f"sqlite:///{tmp_path / 'var' / 'qgov.sqlite3'}",
    )
    migrated = run(["migrate"], env)
    assert migrated.returncode == 0, migrated.stderr
    return env


def test_production_settings_pass_the_deployment_check(site):
    env = {
        **site,
        "QGOV_DEBUG": "0",
        "QGOV_SECRET_KEY": secrets.token_urlsafe(50),
        "QGOV_ALLOWED_HOSTS": "qgov.example.org",
    }
    result = run(["manage", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_is_refused_in_one_sentence(site):
    result = run(["migrate"], {**site, "QGOV_DEBUG": "0"})
    assert result.returncode == 2
    assert "QGOV_SECRET_KEY must be set" in result.stderr and "Traceback" not in result.stderr


def test_createuser_with_every_role_and_a_bad_one(site):
    ok = run(
        ["createuser", "carla", "--role", "compliance_officer", "--password-stdin"],
        site,
        "photon-harbour-72\n",
    )
    assert ok.returncode == 0 and "created user carla with role compliance_officer" in ok.stdout
    generated = run(["createuser", "audra", "--role", "Auditor"], site)
    assert generated.returncode == 0 and "password: " in generated.stdout
    bad = run(["createuser", "mallory", "--role", "superuser"], site)
    assert bad.returncode == 2
    assert "unknown role 'superuser'" in bad.stderr and "Traceback" not in bad.stderr
    again = run(["createuser", "carla", "--role", "auditor"], site)
    assert again.returncode == 2 and "already exists" in again.stderr
    weak = run(["createuser", "piet", "--role", "auditor", "--password-stdin"], site, "12345678\n")
    assert weak.returncode == 2 and "password" in weak.stderr.lower()


def test_demo_loads_once_and_twice_adds_nothing(site):
    first = run(["demo", "--no-serve"], site)
    assert first.returncode == 0, first.stderr
    assert "quartz-lattice-41" in first.stdout  # the printed logins
    second = run(["demo", "--no-serve"], site)
    assert second.returncode == 0 and "parties created: 0" in second.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_runs_gunicorn_with_a_health_check(site):
    port = free_port()
    server = subprocess.Popen(
        [*QGOV, "serve", "--port", str(port), "--workers", "1"], env=site, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.status == 200
                    assert json.loads(response.read()) == {"status": "ok", "database": "ok"}
                    break
            except OSError:
                assert time.monotonic() < deadline, "qgov serve did not answer within 30 s"
                time.sleep(0.3)
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/vendor/htmx/htmx.min.js", timeout=5
        ) as asset:
            assert asset.status == 200  # served locally, no CDN
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)
    assert "gunicorn" in log.lower()
