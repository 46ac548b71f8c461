#!/usr/bin/env bash
# Installs the Crossplane CLI (`crossplane`: `composition render`, `resource validate`, `xpkg build`; module
# github.com/crossplane/cli/v2, where the CLI lives since Crossplane v2.3) at the pinned version into the cache
# directory and prints its path. Logs go to stderr.
#
# Built by go_build_pinned (scripts/go-build.sh): a throwaway module, nothing built in the repository.
# `composition render` runs the real composite reconciler of a Crossplane core binary (`crossplane internal
# render`, --crossplane-binary): test/render passes the core of scripts/install-crossplane.sh, the version the live
# control plane runs, so a preview renders exactly as the cluster does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tool-versions.sh"
. "$here/go-build.sh"
cli="$SB_CACHE_DIR/crossplane-cli-$CROSSPLANE_CLI_VERSION/bin/crossplane"
# `crossplane version --client` prints "Client Version: <version>"; the version is stamped below the way the CLI's
# own build does it.
reports_version() { "$cli" version --client 2>/dev/null | grep -qx "Client Version: $CROSSPLANE_CLI_VERSION"; }
if [ -x "$cli" ] && reports_version; then
  echo "$cli"; exit 0
fi
CGO_ENABLED=0 go_build_pinned "github.com/crossplane/cli/v2/cmd/crossplane@$CROSSPLANE_CLI_VERSION" github.com/crossplane/cli/v2/cmd/crossplane "$cli" \
  "-X github.com/crossplane/crossplane-runtime/v2/pkg/version.version=$CROSSPLANE_CLI_VERSION"
reports_version || { echo "install-crossplane-cli: $cli does not report $CROSSPLANE_CLI_VERSION" >&2; "$cli" version --client >&2; exit 1; }
echo "crossplane CLI $CROSSPLANE_CLI_VERSION" >&2
echo "$cli"
