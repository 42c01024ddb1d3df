#!/usr/bin/env bash
# The Nu HTML checker (npm vnu-jar, pinned) in var/node/, which git ignores: installed on demand
# by `make vnu` and by tests/e2e/test_html_validity.py. Only the jar is used (Java 17 runs it);
# the package's install script, which would download a Java runtime, is not run.
set -euo pipefail
VERSION=26.9.27
JAR=var/node/node_modules/vnu-jar/build/dist/vnu.jar
cd "$(dirname "$0")/.."
if [ -f "$JAR" ] && grep -q "\"version\": \"$VERSION\"" var/node/node_modules/vnu-jar/package.json; then
  echo "$JAR"; exit 0
fi
command -v npm >/dev/null || { echo "npm is needed to install vnu-jar ($VERSION): apt-get install -y npm" >&2; exit 1; }
mkdir -p var/node
npm install --prefix var/node --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "vnu-jar@$VERSION" >&2
echo "$JAR"
