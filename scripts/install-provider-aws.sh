#!/usr/bin/env bash
# Installs Upbound's AWS provider (the `monolith` command of github.com/upbound/provider-aws/v2: every AWS group's
# controllers in one process) at the pinned version into the cache directory and prints two lines: the binary's
# path, and the directory of the CRDs of that same version (the module's package/crds, copied beside the binary:
# the provider must run against its own CRDs). Logs go to stderr. Used by the AWS-level end-to-end tests, which run it out of cluster against the local API server and an
# emulated AWS (scripts/e2e-aws.sh).
#
# Why the monolith and not one binary per family: every family's main (cmd/provider/<family>/zz_main.go) imports
# the aggregate packages apis/cluster, apis/namespaced and internal/controller/{cluster,namespaced}, which import
# every group, and terraform-provider-aws's xpprovider, which imports every AWS service. So each family compiles
# the same ~1 GB of Go as the monolith; N families would add N links and N processes for no compile saving. One
# monolith build covers every group we compose (and any we add).
#
# The module replaces github.com/hashicorp/terraform-provider-aws with Upbound's fork; a dependency's replace
# directives are ignored, so the throwaway module restates the ones of the pinned version's own go.mod.
#
# Cost (measured, see README "AWS-level proof"): this is by far the heaviest build of the project. Knobs, all
# environment variables: PROVIDER_AWS_BUILD_P (go build -p, default 2), PROVIDER_AWS_GOMEMLIMIT (soft memory
# limit of each compiler and linker process, default 6GiB: keeps peak memory well under the machine's 24 GiB at a
# small cost in GC time).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tool-versions.sh"
. "$here/go-build.sh"
dir="$SB_CACHE_DIR/provider-aws-$PROVIDER_AWS_VERSION"
provider="$dir/bin/provider"
stamp="$dir/VERSION"
# The binary has no --version flag; the stamp is written only after a successful build, with the version the
# binary was built from (also stamped into it by -X, which is what it reports to Crossplane as provider version).
crds="$dir/crds"
if [ -x "$provider" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$PROVIDER_AWS_VERSION" ] && [ -d "$crds" ]; then
  echo "$provider"; echo "$crds"; exit 0
fi
command -v go >/dev/null || { echo "install-provider-aws: Go is required (https://go.dev/dl)" >&2; exit 1; }
module=github.com/upbound/provider-aws/v2
download_json="$(cd "$(mktemp -d)" && trap 'rm -rf "$PWD"' EXIT && go mod download -json "$module@$PROVIDER_AWS_VERSION")"
gomod="$(printf '%s\n' "$download_json" | sed -n 's/^[[:space:]]*"GoMod":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p')"
module_dir="$(printf '%s\n' "$download_json" | sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p')"
[ -f "$gomod" ] && [ -d "$module_dir/package/crds" ] || { echo "install-provider-aws: go mod download gave no go.mod or package/crds:" >&2; printf '%s\n' "$download_json" >&2; exit 1; }
# The module's files, checked by the go command against go.sum's checksum database entry for this version.
# One command per line: set -e does not stop at a failing command inside an && list (a cold cache once lacked the
# directory, cp failed and the script went on to print a CRD directory that did not exist).
mkdir -p "$dir"
rm -rf "$crds.tmp"
cp -R "$module_dir/package/crds" "$crds.tmp"
chmod -R u+w "$crds.tmp"
rm -rf "$crds"
mv "$crds.tmp" "$crds"
if [ -x "$provider" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$PROVIDER_AWS_VERSION" ]; then
  echo "$provider"; echo "$crds"; exit 0
fi
# Single-line and block replace directives of the pinned go.mod, restated one per line. Only module replacements
# (with a version) can be honoured; a local-path one fails the install.
gomod_extra="$(go mod edit -json "$gomod" | node -e '
  const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const r of m.Replace ?? []) {
    if (!r.New.Version) { console.error(`install-provider-aws: cannot restate local replacement ${r.Old.Path} => ${r.New.Path}`); process.exit(1); }
    const old = r.Old.Version ? `${r.Old.Path} ${r.Old.Version}` : r.Old.Path;
    console.log(`replace ${old} => ${r.New.Path} ${r.New.Version}`);
  }')"
echo "install-provider-aws: building $module/cmd/provider/monolith@$PROVIDER_AWS_VERSION (restating: $gomod_extra)" >&2
mkdir -p "$dir/bin"
rm -f "$stamp"
GOMEMLIMIT="${PROVIDER_AWS_GOMEMLIMIT:-6GiB}" CGO_ENABLED=0 go_build_throwaway "$gomod_extra" "" \
  "$module/cmd/provider/monolith@$PROVIDER_AWS_VERSION" -- \
  -p "${PROVIDER_AWS_BUILD_P:-2}" -o "$provider.tmp" \
  -ldflags "-s -w -X $module/internal/version.Version=$PROVIDER_AWS_VERSION" "$module/cmd/provider/monolith"
mv "$provider.tmp" "$provider"
printf '%s\n' "$PROVIDER_AWS_VERSION" > "$stamp"
echo "provider-aws $PROVIDER_AWS_VERSION ($(du -h "$provider" | cut -f1))" >&2
echo "$provider"
echo "$crds"
