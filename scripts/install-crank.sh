#!/usr/bin/env bash
# Installs the Crossplane CLI (crank) at the pinned version into the cache directory and prints its path.
#
# Built from the Go module proxy in a throwaway module rather than with `go install m@v`: `go install`
# looks up the module's version list for deprecations, and proxies that serve versions but refuse
# listing make it fail. Requiring the exact version and building the package avoids that lookup and
# builds the same code (crossplane v2.2.0's go.mod has no replace directives to lose).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tool-versions.sh"
bin_dir="$SB_CACHE_DIR/crank-$CROSSPLANE_VERSION/bin"
crank="$bin_dir/crank"
if [ -x "$crank" ] && "$crank" version --client 2>/dev/null | grep -q "$CROSSPLANE_VERSION"; then
  echo "$crank"; exit 0
fi
command -v go >/dev/null || { echo "install-crank: Go is required (https://go.dev/dl)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$bin_dir"
(
  cd "$work"
  go mod init secure-baseline.local/crank-build >/dev/null 2>&1
  go get "github.com/crossplane/crossplane/v2/cmd/crank@$CROSSPLANE_VERSION" >&2
  # The version string is set the way Crossplane's own build sets it, so `crank version` reports the pin.
  go build -trimpath -o "$crank.tmp" \
    -ldflags "-s -w -X github.com/crossplane/crossplane/v2/internal/version.version=$CROSSPLANE_VERSION" \
    github.com/crossplane/crossplane/v2/cmd/crank >&2
)
mv "$crank.tmp" "$crank"
"$crank" version --client >&2
echo "$crank"
