#!/usr/bin/env bash
# Installs the Crossplane CLI (crank) at the pinned version into the cache directory and prints its path.
# Built by go_build_pinned (scripts/go-build.sh): a throwaway module, nothing built in the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tool-versions.sh"
. "$here/go-build.sh"
bin_dir="$SB_CACHE_DIR/crank-$CRANK_VERSION/bin"
crank="$bin_dir/crank"
if [ -x "$crank" ] && "$crank" version --client 2>/dev/null | grep -q "$CRANK_VERSION"; then
  echo "$crank"; exit 0
fi
# The version string is set the way Crossplane's own build sets it, so `crank version` reports the pin.
go_build_pinned "github.com/crossplane/crossplane/v2/cmd/crank@$CRANK_VERSION" github.com/crossplane/crossplane/v2/cmd/crank "$crank" \
  "-X github.com/crossplane/crossplane/v2/internal/version.version=$CRANK_VERSION"
"$crank" version --client >&2
echo "$crank"
