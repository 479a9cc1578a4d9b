#!/usr/bin/env bash
# Install placeviz with its test tools and run the whole check: ruff, import-linter, then pytest.
# Also installs what the browser tests need (Debian's chromium) when it is missing and we may use apt.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing chromium and poppler-utils for the browser and PDF tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null) \
      || echo "warning: could not install chromium; browser tests will be skipped"
  else
    echo "note: chromium is not installed; browser tests will be skipped (sudo apt-get install chromium)"
  fi
fi

echo "== installing placeviz and its test tools"
python -m pip install -q --disable-pip-version-check -e ".[test]"

echo "== ruff"
python -m ruff check .

echo "== import-linter (the layers in docs/ARCHITECTURE.md)"
lint-imports

echo "== pytest"
export QT_QPA_PLATFORM=offscreen
python -m pytest -q "$@"
