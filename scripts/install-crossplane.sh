#!/usr/bin/env bash
# Installs Crossplane core (the `crossplane` controller manager: `crossplane core start`) at the pinned version into
# the cache directory and prints two lines: the binary's path, and the directory of the CRDs of that same version
# (the module's cluster/crds, copied beside the binary: Crossplane must run against its own CRDs, newer than the
# pinned v2.2.0 set the imports use; `crossplane resource validate` takes these too, test/render). Logs go to stderr. Used to run Crossplane out of cluster, as a
# local process against a local API server (scripts/install-kube.sh, scripts/install-etcd.sh).
#
# Built by go_build_throwaway (scripts/go-build.sh) in a throwaway module, nothing built in the repository, no image
# or registry needed; with the apis/v2 module pinned in tool-versions.sh (why: see there).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tool-versions.sh"
. "$here/go-build.sh"
dir="$SB_CACHE_DIR/crossplane-$CROSSPLANE_CORE_VERSION"
crossplane="$dir/bin/crossplane"
crds="$dir/crds"
# `crossplane --version` prints the version string stamped below, alone on its line.
reports_version() { [ "$("$crossplane" --version 2>/dev/null)" = "$CROSSPLANE_CORE_VERSION" ]; }
if [ -x "$crossplane" ] && reports_version && [ -d "$crds" ]; then
  echo "$crossplane"; echo "$crds"; exit 0
fi
command -v go >/dev/null || { echo "install-crossplane: Go is required (https://go.dev/dl)" >&2; exit 1; }
module=github.com/crossplane/crossplane/v2
module_dir="$(cd "$(mktemp -d)" && trap 'rm -rf "$PWD"' EXIT && go mod download -json "$module@$CROSSPLANE_CORE_VERSION" |
  sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p')"
[ -d "$module_dir/cluster/crds" ] || { echo "install-crossplane: go mod download gave no cluster/crds for $module@$CROSSPLANE_CORE_VERSION" >&2; exit 1; }
# The module's files, checked by the go command against the checksum database entry for this version.
# One command per line: set -e does not stop at a failing command inside an && list (a cold cache once lacked the
# directory, cp failed and the script went on to print a CRD directory that did not exist).
mkdir -p "$dir"
rm -rf "$crds.tmp"
cp -R "$module_dir/cluster/crds" "$crds.tmp"
chmod -R u+w "$crds.tmp"
rm -rf "$crds"
mv "$crds.tmp" "$crds"
if ! { [ -x "$crossplane" ] && reports_version; }; then
  mkdir -p "$dir/bin"
  # Static (CGO_ENABLED=0) and stamped with the version the way Crossplane's own build does it (nix/build.nix; since
  # v2.3 the version variable lives in crossplane-runtime): the package manager compares it with packages'
  # crossplane.version constraints.
  CGO_ENABLED=0 go_build_throwaway "" "" \
    "$module/cmd/crossplane@$CROSSPLANE_CORE_VERSION" "github.com/crossplane/crossplane/apis/v2@$CROSSPLANE_CORE_APIS_VERSION" -- \
    -o "$crossplane.tmp" -ldflags "-s -w -X github.com/crossplane/crossplane-runtime/v2/pkg/version.version=$CROSSPLANE_CORE_VERSION" \
    "$module/cmd/crossplane"
  mv "$crossplane.tmp" "$crossplane"
  reports_version || { echo "install-crossplane: $crossplane does not report $CROSSPLANE_CORE_VERSION" >&2; "$crossplane" --version >&2; exit 1; }
fi
echo "crossplane $CROSSPLANE_CORE_VERSION (apis $CROSSPLANE_CORE_APIS_VERSION)" >&2
echo "$crossplane"
echo "$crds"
