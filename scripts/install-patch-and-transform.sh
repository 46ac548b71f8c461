#!/usr/bin/env bash
# Installs Crossplane's function-patch-and-transform at the pinned version into the cache directory and prints its
# path. Used by the benchmark only (npm run bench), as the baseline our function is measured against.
# Built by go_build_pinned (scripts/go-build.sh). The binary has no version flag: the directory is keyed by version.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tool-versions.sh"
. "$here/go-build.sh"
bin="$SB_CACHE_DIR/function-patch-and-transform-$PATCH_AND_TRANSFORM_VERSION/bin/function-patch-and-transform"
if [ ! -x "$bin" ]; then
  go_build_pinned "github.com/crossplane-contrib/function-patch-and-transform@$PATCH_AND_TRANSFORM_VERSION" \
    github.com/crossplane-contrib/function-patch-and-transform "$bin"
fi
"$bin" --help >/dev/null
echo "$bin"
