#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 and prints two lines on stdout:
#   url=postgres://postgres@127.0.0.1:<port>/postgres
#   stop=<command that stops it>
# initdb and pg_ctl refuse to run as root, so as root the cluster belongs to an unprivileged user.
# Usage: scripts/pg-throwaway.sh [port]
set -euo pipefail
port="${1:-55432}"
pgbin=""
for candidate in /usr/lib/postgresql/*/bin; do [[ -x "$candidate/initdb" ]] && pgbin="$candidate"; done
if [[ -z "$pgbin" ]] && command -v initdb >/dev/null; then pgbin="$(dirname "$(readlink -f "$(command -v initdb)")")"; fi
[[ -n "$pgbin" ]] || { echo "pg-throwaway: no initdb found (apt-get install postgresql)" >&2; exit 1; }

dir="$(mktemp -d /tmp/tessera-pg.XXXXXX)"
chmod 755 "$dir"
run=()
if [[ "$(id -u)" == "0" ]]; then
  id tessera-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin tessera-pg
  chown tessera-pg "$dir"
  run=(runuser -u tessera-pg --)
fi
"${run[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${run[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >&2 || { cat "$dir/server.log" >&2; exit 1; }
echo "url=postgres://postgres@127.0.0.1:$port/postgres"
echo "stop=${run[*]} $pgbin/pg_ctl -D $dir/data -m immediate stop"
