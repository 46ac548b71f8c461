#!/usr/bin/env bash
# Installs Crossplane core (the `crossplane` controller manager: `crossplane core start`) at the pinned version into
# the cache directory and prints its path. Logs go to stderr. Used to run Crossplane out of cluster, as a local
# process against a local API server (scripts/install-kube.sh, scripts/install-etcd.sh).
#
# Built by go_build_pinned (scripts/go-build.sh) from the same module as crank (scripts/install-crank.sh): a
# throwaway module, nothing built in the repository, no image or registry needed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tool-versions.sh"
. "$here/go-build.sh"
crossplane="$SB_CACHE_DIR/crossplane-$CROSSPLANE_VERSION/bin/crossplane"
# `crossplane --version` prints the version string stamped below, alone on its line.
reports_version() { [ "$("$crossplane" --version 2>/dev/null)" = "$CROSSPLANE_VERSION" ]; }
if [ -x "$crossplane" ] && reports_version; then
  echo "$crossplane"; exit 0
fi
# Static (CGO_ENABLED=0) and stamped with the version the way Crossplane's own build does it (nix/build.nix): the
# package manager compares it with packages' crossplane.version constraints.
CGO_ENABLED=0 go_build_pinned "github.com/crossplane/crossplane/v2/cmd/crossplane@$CROSSPLANE_VERSION" \
  github.com/crossplane/crossplane/v2/cmd/crossplane "$crossplane" \
  "-X github.com/crossplane/crossplane/v2/internal/version.version=$CROSSPLANE_VERSION"
reports_version || { echo "install-crossplane: $crossplane does not report $CROSSPLANE_VERSION" >&2; "$crossplane" --version >&2; exit 1; }
echo "crossplane $CROSSPLANE_VERSION" >&2
echo "$crossplane"
