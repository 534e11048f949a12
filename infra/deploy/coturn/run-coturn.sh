#!/usr/bin/env bash
# Starts coturn with a reference configuration (turnserver.conf beside this script) plus the
# TURN REST shared secret read from a file, so the secret lives only in that file (a mounted
# secret, mode 0600) and in a private copy of the config under a runtime directory, never on
# a command line. Every problem stops it here with the variable to fix; extra arguments go to
# turnserver.
#   COTURN_CONFIG       the configuration (default: /etc/coturn/turnserver.conf)
#   COTURN_SECRET_FILE  the shared secret, the API's API_TURN_SECRET_FILE (default:
#                       /run/secrets/turn-secret). Several lines = several secrets coturn all
#                       accepts: put the new one first while rotating, drop the old one once
#                       every credential minted with it has expired.
#   COTURN_RUNTIME_DIR  where the assembled config goes (default: /run/coturn)
set -euo pipefail

config=${COTURN_CONFIG:-/etc/coturn/turnserver.conf}
secret_file=${COTURN_SECRET_FILE:-/run/secrets/turn-secret}
runtime_dir=${COTURN_RUNTIME_DIR:-/run/coturn}

fail() {
  echo "run-coturn: $*" >&2
  exit 78 # EX_CONFIG
}

[ -r "$config" ] || fail "COTURN_CONFIG: cannot read $config"
grep -qx 'use-auth-secret' "$config" ||
  fail "COTURN_CONFIG: $config lacks use-auth-secret (the API mints TURN REST credentials)"
! grep -q '^static-auth-secret' "$config" ||
  fail "COTURN_CONFIG: $config holds a static-auth-secret; the secret belongs in COTURN_SECRET_FILE"

[ -r "$secret_file" ] || fail "COTURN_SECRET_FILE: cannot read $secret_file"
mapfile -t secrets < <(grep -v '^[[:space:]]*$' "$secret_file" || true)
[ ${#secrets[@]} -gt 0 ] || fail "COTURN_SECRET_FILE: $secret_file holds no secret"
for secret in "${secrets[@]}"; do
  # The API accepts the same form: what `openssl rand -base64 48` prints.
  [[ $secret =~ ^[A-Za-z0-9+/=_-]{32,512}$ ]] ||
    fail "COTURN_SECRET_FILE: each line of $secret_file must be one secret of 32 to 512 characters from A-Z a-z 0-9 + / = _ -"
done

# coturn only logs a missing certificate and runs on without TLS: turns: would then fail for
# every visitor while plain TURN works, which is easy to miss. Refuse instead.
last_value() { sed -n "s/^$1=//p" "$config" | tail -n 1; }
if ! grep -qx 'no-tls' "$config"; then
  for option in cert pkey; do
    path=$(last_value "$option")
    [ -n "$path" ] || fail "COTURN_CONFIG: $config sets no $option= for TURN over TLS"
    [ -r "$path" ] || fail "COTURN_CONFIG: $option=$path cannot be read"
  done
fi

umask 077
mkdir -p "$runtime_dir"
assembled=$runtime_dir/turnserver.conf
# printf is a builtin: the secret never appears in a process's arguments.
{
  cat "$config"
  printf '\n# From COTURN_SECRET_FILE:\n'
  printf 'static-auth-secret=%s\n' "${secrets[@]}"
} >"$assembled.tmp"
mv "$assembled.tmp" "$assembled"
exec turnserver -c "$assembled" "$@"
