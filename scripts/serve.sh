#!/usr/bin/env bash
# Started by `make run`: the web server, a Celery worker and Celery beat. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.local
BIN=.venv/bin
mkdir -p var
export PORT=${PORT:-8000}
if $BIN/python -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
  echo "Port $PORT is already in use (another portal still running?). Stop it, or run: PORT=8001 make run" >&2
  exit 1
fi
# `make run` checks the port before it migrates, so that a busy port is said at once.
[ "${1:-}" = "--check-port" ] && exit 0
pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping the portal, the worker and beat..."
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

$BIN/celery -A config worker --loglevel=INFO --concurrency=1 --hostname=demo@%h >var/worker.log 2>&1 &
pids+=($!)
$BIN/celery -A config beat --loglevel=INFO --schedule=var/celerybeat-schedule >var/beat.log 2>&1 &
pids+=($!)
$BIN/python manage.py runserver 127.0.0.1:$PORT --noreload &
pids+=($!)

sleep 2
password=$($BIN/python -c "from django.conf import settings; import django; django.setup(); print(settings.ULE_DEMO_PASSWORD)")
cat <<MSG

  ULE Portal is running: http://127.0.0.1:$PORT/
  Demo logins (password for all: ${password}):
    office    special class office (also /admin/)
    bureau    municipal bureau staff
    weishan   Weishan county sub-bureau staff
    vehicle   vehicle exhaust monitoring staff
    shanshui  contact of Weishan Shanshui Cement
    rongxin   contact of Shandong Rongxin Group
    zhongtai  contact of Jining Zhongtai Coal Chemical (a ULE-stage claim awaits the bureau)
    zhonglian contact of Jining Zhonglian Cement (on the ULE list)
    qufu      contact of Qufu Zhonglian Cement (in publicity)
    yankuang  contact of Shandong Yankuang Coking (removed from the ULE list)
    leader    official (read-only)
  E-mails are written to var/mail/; worker and beat logs to var/worker.log and var/beat.log.
  Press Ctrl-C to stop.

MSG
wait -n "${pids[@]}"
