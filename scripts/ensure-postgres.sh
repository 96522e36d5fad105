#!/usr/bin/env bash
# Makes sure a PostgreSQL server listens on 127.0.0.1:5432 with trust auth for `postgres`, as on the
# developers' and CI machines. On a machine with a freshly installed Debian cluster, it allows
# password-less loopback connections, which only a throw-away test machine should do.
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then exit 0; fi
version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
if [ -z "$version" ]; then
  echo "Không tìm thấy cụm PostgreSQL nào trong /etc/postgresql" >&2
  exit 1
fi
hba="/etc/postgresql/$version/main/pg_hba.conf"
if ! grep -q "^host all all 127.0.0.1/32 trust" "$hba"; then
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
fi
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && exit 0
  sleep 1
done
echo "PostgreSQL không khởi động được trên 127.0.0.1:5432" >&2
exit 1
