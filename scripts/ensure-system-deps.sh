#!/usr/bin/env bash
# Installs what the tests need from Debian when it is missing: Chromium for Playwright (a browser
# download cannot work here), poppler-utils (pdfsig, pdftoppm, pdftotext), OpenSSL, NSS's certutil
# (a trust store for pdfsig), faketime (the suite again with the clock moved ahead), PostgreSQL,
# ClamAV's clamd (the upload tests scan with a real one on loopback; clamd is in /usr/sbin).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdfsig >/dev/null 2>&1 || missing+=(poppler-utils)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v certutil >/dev/null 2>&1 || missing+=(libnss3-tools)
command -v faketime >/dev/null 2>&1 || missing+=(faketime)
[ -x /usr/sbin/clamd ] || command -v clamd >/dev/null 2>&1 || missing+=(clamav-daemon)
if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! command -v pg_isready >/dev/null 2>&1; then missing+=(postgresql); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Cài đặt gói hệ thống còn thiếu: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
