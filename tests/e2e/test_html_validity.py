"""The Nu HTML checker (npm ``vnu-jar``, run by Java) over every page of every role (issue 12).

The pages are those of the accessibility test (tests/pages.py: the URLconf with the demo's
objects), rendered by the test client as each role, anonymous included, and checked in one run
of the checker. No error may remain (warnings are left to people). The jar is installed on
demand into var/node/ (ignored by git) by scripts/vnu-jar.sh, the script `make vnu` uses; the
test is skipped only when Java is missing.
"""

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests import pages

ROOT = Path(__file__).resolve().parents[2]


def _jar() -> Path:
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "vnu-jar.sh")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"could not install vnu-jar: {done.stderr}"
    return ROOT / done.stdout.strip().splitlines()[-1]


def check(files: list[Path], jar: Path) -> list[dict]:
    """The checker's errors on ``files`` (one JVM for all of them)."""
    done = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(done.stderr or done.stdout or '{"messages": []}')
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


@pytest.mark.skipif(
    not shutil.which("java"),
    reason="Java is not installed (apt-get install -y default-jre-headless)",
)
def test_every_page_of_every_role_is_valid_html(demo, tmp_path):
    jar = _jar()
    files: dict[str, str] = {}
    for role in pages.ROLES:
        for i, page in enumerate(pages.pages_for(role, keep_html=True)):
            path = tmp_path / f"{role}-{i:03d}.html"
            path.write_text(page.html, encoding="utf-8")
            files[path.name] = f"{role} {page.name} {page.url}"
    assert len(files) > 300, len(files)
    errors = check(sorted(tmp_path.glob("*.html")), jar)
    counted = Counter(
        f"{files.get(e.get('url', '').rsplit('/', 1)[-1], e.get('url'))}: {e.get('message')}"
        for e in errors
    )
    lines = [f"{where} (x{n})" if n > 1 else where for where, n in sorted(counted.items())]
    assert not lines, f"{len(lines)} kinds of HTML errors:\n" + "\n".join(lines)
