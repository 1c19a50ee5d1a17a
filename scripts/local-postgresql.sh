#!/usr/bin/env bash
# start_local_postgresql DBNAME: install (Debian) and start a local PostgreSQL cluster, create
# the role kefu/kefu and the database DBNAME owned by it, and print its URL.

run_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -c "$*"
  else
    sudo -u postgres sh -c "$*"
  fi
}

start_local_postgresql() {
  local dbname="$1" sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    echo "Installing PostgreSQL..." >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  fi
  local version cluster port status
  read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1)
  if [ -z "${version:-}" ]; then
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    $sudo pg_createcluster "$version" main >&2
    read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1)
  fi
  if [ "$status" != "online" ]; then
    $sudo pg_ctlcluster "$version" "$cluster" start >&2
  fi
  for _ in $(seq 1 30); do
    run_as_postgres "psql -p $port -tAc 'SELECT 1'" >/dev/null 2>&1 && break
    sleep 1
  done
  run_as_postgres "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='kefu'\"" | grep -q 1 \
    || run_as_postgres "psql -p $port -qc \"CREATE ROLE kefu LOGIN PASSWORD 'kefu' CREATEDB\"" >&2
  run_as_postgres "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='$dbname'\"" | grep -q 1 \
    || run_as_postgres "createdb -p $port -O kefu $dbname" >&2
  echo "postgresql://kefu:kefu@127.0.0.1:$port/$dbname"
}
