#!/usr/bin/env bash
# The hosted demo's shape on one machine, for the end-to-end suite: nginx terminates TLS for
# https://passkeys.localhost:8443 with a certificate from a throw-away CA, and proxies round robin to two server
# processes (the release build) over one fresh PostgreSQL database. Runs in the foreground until it is stopped
# (Playwright starts it as a web server and stops it at the end); everything it made goes with it.
#
#   browser --https--> nginx 127.0.0.1:8443 --http, from 127.0.0.2--> server 127.0.0.1:3101 --+--> PostgreSQL
#                                                                   \-> server 127.0.0.1:3102 --/
#
# The instances trust X-Forwarded-For only from 127.0.0.2, the address nginx connects from (TRUSTED_PROXIES),
# and nginx overwrites that header with the address it saw, so a client cannot choose its own.
#
# Needs Debian's nginx, openssl, libnss3-tools (certutil) and psql (scripts/test.sh installs them), and a
# PostgreSQL server at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
# The browser must run with HOME=$dir/home, whose NSS database trusts the CA (Chromium on Linux reads it there).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

name=passkeys.localhost
https_port=${PROXY_PORT:-8443}
ports=(3101 3102)
proxy_address=127.0.0.2
dir=$PWD/target/e2e-proxy
admin_url=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
database=lp_e2e_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
database_url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$admin_url" "$database")

for tool in nginx openssl certutil psql; do
  command -v "$tool" >/dev/null || { echo "proxy-topology: $tool is missing (scripts/test.sh installs it)" >&2; exit 1; }
done
[ -x target/release/server ] || { echo "proxy-topology: build first: cargo leptos build --release --precompress --split" >&2; exit 1; }

rm -rf "$dir"
mkdir -p "$dir/home/.pki/nssdb" "$dir/logs"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
}
trap stop EXIT
trap 'exit 0' TERM INT

# A throw-away CA, and a certificate for the name signed by it.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=leptos-passkeys test CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
  -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=$name" -keyout "$dir/site.key" -out "$dir/site.csr" 2>/dev/null
printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$name" > "$dir/site.ext"
openssl x509 -req -in "$dir/site.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
  -extfile "$dir/site.ext" -out "$dir/site.crt" 2>/dev/null
# Chromium on Linux trusts what the NSS database in $HOME/.pki/nssdb trusts.
certutil -d "sql:$dir/home/.pki/nssdb" -N --empty-password
certutil -d "sql:$dir/home/.pki/nssdb" -A -t "C,," -n leptos-passkeys-test-ca -i "$dir/ca.crt"

# A run that was killed outright leaves its database behind; this name space is this script's own.
for stale in $(psql -qtA "$admin_url" -c "SELECT datname FROM pg_database WHERE datname LIKE 'lp\_e2e\_%'"); do
  psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $stale WITH (FORCE)" >/dev/null
done
psql -q "$admin_url" -c "CREATE DATABASE $database" >/dev/null

# Both instances start at the same moment: their first starts race (migrations, the ticket key) as in a deploy.
for port in "${ports[@]}"; do
  LISTEN_ADDR=127.0.0.1:$port RP_ID=$name RP_ORIGIN=https://$name:$https_port DATABASE_URL=$database_url \
    TRUSTED_PROXIES=$proxy_address LEPTOS_OUTPUT_NAME=leptos-passkeys LEPTOS_SITE_ROOT=target/site \
    LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true RUST_LOG=warn \
    PASSWORD_ATTEMPTS_PER_MINUTE=${PROXY_PASSWORD_ATTEMPTS_PER_MINUTE:-5} STARTS_PER_MINUTE=10000 \
    target/release/server > "$dir/logs/server-$port.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do
  for _ in $(seq 200); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && continue 2
    sleep 0.1
  done
  echo "proxy-topology: the instance on port $port did not become ready; its log:" >&2
  cat "$dir/logs/server-$port.log" >&2
  exit 1
done

user_line=""
[ "$(id -u)" -ne 0 ] || user_line="user root;"
cat > "$dir/nginx.conf" <<NGINX
$user_line
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log $dir/logs/nginx-access.log;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  upstream instances {
    server 127.0.0.1:${ports[0]};
    server 127.0.0.1:${ports[1]};
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$https_port ssl http2;
    server_name $name;
    ssl_certificate $dir/site.crt;
    ssl_certificate_key $dir/site.key;
    location / {
      proxy_pass http://instances;
      proxy_bind $proxy_address;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto https;
      # Which instance answered, so that the suite can see both serve one user's journey.
      add_header X-Upstream \$upstream_addr always;
    }
  }
}
NGINX
nginx -c "$dir/nginx.conf" -p "$dir" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 100); do
  curl -sf --cacert "$dir/ca.crt" --resolve "$name:$https_port:127.0.0.1" "https://$name:$https_port/healthz" >/dev/null \
    && break
  sleep 0.1
done
echo "proxy-topology: https://$name:$https_port -> 127.0.0.1:${ports[0]}, 127.0.0.1:${ports[1]} on $database"
wait
