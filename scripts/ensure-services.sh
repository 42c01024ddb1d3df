#!/usr/bin/env bash
# Make sure what `make test` needs is there: PostgreSQL and Redis on localhost, the test role,
# GNU gettext's catalogues compiled, and Chromium for the browser journeys. Starts or installs
# what it can (Debian, as root); otherwise says exactly what is missing and how to get it.
set -uo pipefail
PGHOST=127.0.0.1
fail() { echo "ensure-services: $*" >&2; exit 1; }
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }

# PostgreSQL
if ! pg_isready -q -h $PGHOST -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null; then
    ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
    [ -n "$ver" ] && pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null
    for _ in $(seq 20); do pg_isready -q -h $PGHOST -p 5432 && break; sleep 0.5; done
  fi
  pg_isready -q -h $PGHOST -p 5432 2>/dev/null || fail "PostgreSQL is not running on $PGHOST:5432. Install it (apt-get install postgresql) or start it (pg_ctlcluster 15 main start), or point TEST_DATABASE_URL at one."
fi
# The test role (trust auth on this machine's cluster; elsewhere set TEST_DATABASE_URL).
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if ! psql -h $PGHOST -U ule -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    psql -h $PGHOST -U postgres -d postgres -v ON_ERROR_STOP=1 -qc \
      "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='ule') THEN CREATE ROLE ule LOGIN PASSWORD 'ule' CREATEDB; END IF; END\$\$;" \
      2>/dev/null || sudo -u postgres psql -v ON_ERROR_STOP=1 -qc "CREATE ROLE ule LOGIN PASSWORD 'ule' CREATEDB" 2>/dev/null \
      || fail "cannot create the PostgreSQL role 'ule' (CREATEDB, password 'ule'); create it or set TEST_DATABASE_URL."
  fi
  psql -h $PGHOST -U postgres -d postgres -tAc "select 1 from pg_database where datname='ule'" 2>/dev/null | grep -q 1 \
    || psql -h $PGHOST -U postgres -d postgres -qc "CREATE DATABASE ule OWNER ule" 2>/dev/null || true
fi

# Redis
if ! (redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG); then
  if ! command -v redis-server >/dev/null && can_apt; then
    apt-get install -y -qq redis-server >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq redis-server >/dev/null)
  fi
  command -v redis-server >/dev/null || fail "Redis is not installed: apt-get install redis-server"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ule-test.log >/dev/null
  for _ in $(seq 20); do redis-cli ping 2>/dev/null | grep -q PONG && break; sleep 0.25; done
  redis-cli ping 2>/dev/null | grep -q PONG || fail "Redis did not start on 127.0.0.1:6379."
fi

# Chromium for Playwright (Playwright's own browser download is not reachable here).
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  if can_apt; then
    echo "ensure-services: installing Debian's chromium for the browser journeys..."
    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) \
      || fail "could not install chromium; run: apt-get update && apt-get install -y chromium"
  else
    fail "Chromium is missing: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH."
  fi
fi

# Fonts and PDF tools: WeasyPrint needs a CJK font or Chinese bulletins come out as empty boxes;
# poppler-utils lets the tests read a PDF back.
if ! (fc-list 2>/dev/null | grep -qi "Noto Sans CJK") || ! command -v pdftotext >/dev/null; then
  if can_apt; then
    echo "ensure-services: installing fonts-noto-cjk and poppler-utils for PDF bulletins..."
    (apt-get install -y -qq fonts-noto-cjk poppler-utils >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq fonts-noto-cjk poppler-utils >/dev/null)) \
      || fail "could not install fonts-noto-cjk poppler-utils; run: apt-get update && apt-get install -y fonts-noto-cjk poppler-utils"
  else
    fail "a CJK font or pdftotext is missing: apt-get install fonts-noto-cjk poppler-utils"
  fi
fi

# The Nu HTML checker (tests/e2e/test_html_validity.py): Java runs the jar that npm installs
# into var/node/ on demand (scripts/vnu-jar.sh). Without Java the test is skipped, saying so.
if ! command -v java >/dev/null || ! command -v npm >/dev/null; then
  if can_apt; then
    echo "ensure-services: installing Java and npm for the Nu HTML checker..."
    (apt-get install -y -qq default-jre-headless npm >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq default-jre-headless npm >/dev/null)) \
      || echo "ensure-services: could not install default-jre-headless npm; the HTML checker test will be skipped or fail"
  else
    echo "ensure-services: Java or npm is missing (apt-get install default-jre-headless npm); the HTML checker test needs both"
  fi
fi

# Translations: compile from the .po files when gettext is there (compiled .mo are committed).
if command -v msgfmt >/dev/null; then
  for po in $(find locale */locale -name django.po 2>/dev/null); do
    msgfmt --check-format -o "${po%.po}.mo" "$po" || fail "msgfmt failed on $po"
  done
fi
exit 0
