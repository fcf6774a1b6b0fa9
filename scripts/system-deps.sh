#!/usr/bin/env bash
# Debian packages the tests (`system-deps.sh test`, the default) or the
# benchmark (`system-deps.sh bench`) need. Both use PostgreSQL 15 (a private
# cluster per run) and the Pango libraries and DejaVu fonts WeasyPrint renders
# with; the tests add Chromium for the browser journeys, poppler for reading
# PDFs back and Redis for the shared sign-in limits, the benchmark adds wrk
# and Chromium (the slow-4G page loads).
# Installs only what is missing.
set -euo pipefail
purpose=${1:-test}
needed=()
case "$purpose" in
  test)
    command -v chromium >/dev/null 2>&1 || needed+=(chromium)
    command -v pdftotext >/dev/null 2>&1 || needed+=(poppler-utils)
    command -v redis-server >/dev/null 2>&1 || needed+=(redis-server)
    ;;
  bench)
    command -v wrk >/dev/null 2>&1 || needed+=(wrk)
    command -v chromium >/dev/null 2>&1 || needed+=(chromium)
    ;;
  *)
    echo "usage: system-deps.sh [test|bench]" >&2
    exit 2
    ;;
esac
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || needed+=(postgresql)
ldconfig -p | grep -q libpangoft2-1.0 || needed+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || needed+=(fonts-dejavu-core)
if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages: ${needed[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
