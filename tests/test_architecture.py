"""House rules that the code itself can be checked for (docs/architecture.md)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "acceptance",
    "access",
    "accounts",
    "config",
    "core",
    "dashboards",
    "enterprises",
    "exports",
    "inspections",
    "monitoring",
    "notifications",
    "operations",
    "retrofits",
    "transport",
]

# Deciding access by hand: comparing or filtering on a role, the admin flags, or a user's
# enterprise. Only the access package may do that.
ROLE_TESTS = [
    (re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)"), "compares a role"),
    (re.compile(r"\b(is_staff|is_superuser)\b"), "tests is_staff/is_superuser"),
    (re.compile(r"\brole(__in)?\s*=\s*(Role\.|\[|\()"), "filters users by role"),
    (
        re.compile(r"\b(user|actor|request\.user)\.enterprise_id\s*(==|!=)"),
        "compares a user's enterprise",
    ),
    (
        re.compile(r"(==|!=)\s*(user|actor|request\.user)\.enterprise_id\b"),
        "compares a user's enterprise",
    ),
]
# Where a role legitimately appears without deciding access: creating demo and test users,
# the user model's own constraints, and the Django admin's own staff machinery.
NOT_ACCESS_DECISIONS = re.compile(
    r"(/migrations/|/demo\.py$|/management/|^accounts/models\.py$|/admin\.py$)"
)


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            yield rel, path


def test_no_module_outside_the_access_package_decides_access_by_role():
    offences = []
    for rel, path in _modules():
        if rel.startswith("access/") or NOT_ACCESS_DECISIONS.search(rel):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for pattern, what in ROLE_TESTS:
                if pattern.search(line):
                    offences.append(f"{rel}:{number}: {what}: {line.strip()}")
    assert not offences, "decide access in the access package:\n" + "\n".join(offences)


@pytest.mark.parametrize(
    "line",
    [
        "if user.role == Role.OFFICE:",
        "ok = request.user.is_staff",
        "User.objects.filter(role__in=[Role.BUREAU])",
        "if actor.enterprise_id == enterprise.pk:",
        "if enterprise.pk != user.enterprise_id:",
    ],
)
def test_the_role_check_recognises_a_decision_by_hand(line):
    assert any(pattern.search(line) for pattern, _what in ROLE_TESTS)


def test_no_module_of_an_app_is_over_500_lines():
    big = [
        f"{rel} ({n} lines)"
        for rel, path in _modules()
        if "/migrations/" not in rel and (n := len(path.read_text().splitlines())) > 500
    ]
    assert not big, "split these by aggregate: " + ", ".join(big)


def test_accounts_does_not_import_the_domain_apps():
    """accounts (users, roles, the audit trail) sits below the domain apps; the rules that
    reach into them live in access/, so no cycle runs through accounts."""
    offences = []
    for rel, path in _modules():
        if not rel.startswith("accounts/") or "/migrations/" in rel or "/management/" in rel:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.match(r"\s*(from|import)\s+(retrofits|inspections)\b", line):
                offences.append(f"{rel}:{number}: {line.strip()}")
    assert not offences, "\n".join(offences)
