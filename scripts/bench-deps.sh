#!/usr/bin/env bash
# Debian packages `make bench` needs: wrk (the load generator), PostgreSQL
# 15 (a private cluster per run), and the Pango libraries and DejaVu fonts
# WeasyPrint renders with. Installs only what is missing.
set -euo pipefail
needed=()
command -v wrk >/dev/null 2>&1 || needed+=(wrk)
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
