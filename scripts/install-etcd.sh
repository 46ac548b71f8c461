#!/usr/bin/env bash
# Installs etcd (the API server's store in tests against a real API server) at the pinned version into the cache
# directory and prints its path. Logs go to stderr.
#
# Built by go_build_pinned (scripts/go-build.sh) from the go.etcd.io/etcd/server/v3 module: its root package is
# etcd's main (etcdmain.Main(os.Args)), the one etcd's own build compiles into bin/etcd. Not Debian's etcd-server:
# that is 3.4, and Kubernetes 1.35 needs etcd 3.5 or later.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tool-versions.sh"
. "$here/go-build.sh"
etcd="$SB_CACHE_DIR/etcd-$ETCD_VERSION/bin/etcd"
# `etcd --version` prints "etcd Version: 3.6.16" (the constant in go.etcd.io/etcd/api/v3/version, so a module
# version always reports itself without ldflags). Output captured, not piped into grep -q: with pipefail, grep
# exiting at the first line can fail the pipeline with SIGPIPE.
reports_version() { [[ $'\n'"$("$etcd" --version 2>/dev/null)"$'\n' == *$'\n'"etcd Version: ${ETCD_VERSION#v}"$'\n'* ]]; }
if [ -x "$etcd" ] && reports_version; then
  echo "$etcd"; exit 0
fi
# Static, as etcd's own build makes it. Its build also stamps version.GitSHA with the commit, which the module
# proxy does not give; `etcd --version` then says "Git SHA: Not provided", which is only informational.
CGO_ENABLED=0 go_build_pinned "go.etcd.io/etcd/server/v3@$ETCD_VERSION" go.etcd.io/etcd/server/v3 "$etcd"
reports_version || { echo "install-etcd: $etcd does not report $ETCD_VERSION" >&2; "$etcd" --version >&2; exit 1; }
"$etcd" --version >&2
echo "$etcd"
