#!/usr/bin/env bash
# Installs the Kubernetes control-plane binaries the tests run a real API server with (kube-apiserver,
# kube-controller-manager, kubectl) at the pinned version into the cache directory, and prints their paths, one a
# line in that order. Logs go to stderr. etcd comes from scripts/install-etcd.sh.
#
# Built from the k8s.io/kubernetes module through the Go module proxy (no release downloads or images needed).
# k8s.io/kubernetes requires its staging modules (k8s.io/api, k8s.io/apiserver, ...) at v0.0.0 and replaces them
# with ./staging/src/...; a dependency's replace directives are ignored, so the throwaway module restates them,
# pointing each at its published v0.<minor>.<patch> (the same code, published from staging at each release). The
# list is read from the pinned version's own go.mod, so a version bump keeps working.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tool-versions.sh"
. "$here/go-build.sh"
bin_dir="$SB_CACHE_DIR/kubernetes-$KUBERNETES_VERSION/bin"
binaries=(kube-apiserver kube-controller-manager kubectl)

# Each binary reports its version; a cached set is used only when all three report the pin. (Output captured, not
# piped into grep -q: with pipefail, grep exiting at the first line can fail the pipeline with SIGPIPE.)
reports_version() {
  case "$1" in
    kubectl) [[ $'\n'"$("$bin_dir/kubectl" version --client 2>/dev/null)"$'\n' == *$'\n'"Client Version: $KUBERNETES_VERSION"$'\n'* ]] ;;
    *) [ "$("$bin_dir/$1" --version 2>/dev/null)" = "Kubernetes $KUBERNETES_VERSION" ] ;;
  esac
}
print_paths() { for b in "${binaries[@]}"; do echo "$bin_dir/$b"; done; }
cached=1
for b in "${binaries[@]}"; do [ -x "$bin_dir/$b" ] && reports_version "$b" || { cached=0; break; }; done
if [ "$cached" = 1 ]; then print_paths; exit 0; fi

command -v go >/dev/null || { echo "install-kube: Go is required (https://go.dev/dl)" >&2; exit 1; }
# The pinned version's go.mod and .info, through the go command (so GOPROXY and checksum verification apply).
# This also fetches the module's source, which the build needs anyway.
download_json="$(cd "$(mktemp -d)" && trap 'rm -rf "$PWD"' EXIT && go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION")"
json_field() { printf '%s\n' "$download_json" | sed -n "s/^[[:space:]]*\"$1\":[[:space:]]*\"\(.*\)\",\{0,1\}$/\1/p"; }
kube_gomod="$(json_field GoMod)"
kube_info="$(json_field Info)"
[ -f "$kube_gomod" ] && [ -f "$kube_info" ] || { echo "install-kube: go mod download gave no go.mod/.info:" >&2; printf '%s\n' "$download_json" >&2; exit 1; }

# Staging modules are published as v0.<minor>.<patch> for Kubernetes v1.<minor>.<patch>.
staging_version="v0.${KUBERNETES_VERSION#v1.}"
# Restated from k8s.io/kubernetes's go.mod: its godebug settings (they apply only in the main module; upstream
# binaries are built with them) and its replace directives, ./staging/src/<m> becoming <m> at staging_version.
# Replacements by version are copied as they are; any other local-path replacement cannot be honoured, so fail.
gomod_extra="$(go mod edit -print "$kube_gomod" | awk -v staging="$staging_version" '
  { sub(/[[:space:]]*\/\/.*$/, "") }
  /^(replace|godebug)[[:space:]]*\($/ { block = $1; next }
  block != "" && /^\)$/ { block = ""; next }
  block != "" { directive = block; line = $0 }
  block == "" && /^(replace|godebug)[[:space:]]/ { directive = $1; line = $0; sub(/^[a-z]+[[:space:]]+/, "", line) }
  directive == "" { next }
  { sub(/^[[:space:]]+/, "", line) }
  line == "" { directive = ""; next }
  {
    if (directive == "godebug") { print "godebug " line; directive = ""; next }
    n = split(line, f, /[[:space:]]+/)
    for (i = 1; i <= n && f[i] != "=>"; i++) continue
    if (f[i + 1] ~ /^\.\/staging\/src\//) print "replace " f[1] " => " f[1] " " staging
    else if (i + 2 <= n) print "replace " line
    else { print "install-kube: cannot restate local replacement: " line > "/dev/stderr"; failed = 1 }
    directive = ""
  }
  END { exit failed }
')"
[ -n "$gomod_extra" ] || { echo "install-kube: found no replace directives in $kube_gomod" >&2; exit 1; }

# Version stamping as Kubernetes' build does it (hack/lib/version.sh: kube::version::ldflags), into both packages
# it stamps. The git commit is not known from the module proxy, so it is left unset, as upstream does without one.
# The build date is the version's publication time from the proxy, not now: the same pin builds the same binary.
build_date="$(sed -n 's/.*"Time"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$kube_info")"
build_date="$(date -u -d "${build_date:-@0}" +%Y-%m-%dT%H:%M:%SZ)"
minor="${KUBERNETES_VERSION#v1.}"; minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.buildDate=$build_date"
done

packages=()
for b in "${binaries[@]}"; do packages+=("k8s.io/kubernetes/cmd/$b@$KUBERNETES_VERSION"); done
tmp_dir="$bin_dir.tmp"
rm -rf "$tmp_dir"; mkdir -p "$tmp_dir" "$bin_dir"
# One go build for all three: they share most of their packages. Static (CGO_ENABLED=0) and with the build tags
# of upstream's release builds (hack/lib/golang.sh: selinux, notest, and grpcnotrace for non-debug builds).
CGO_ENABLED=0 go_build_throwaway "$gomod_extra" "" "${packages[@]}" -- \
  -o "$tmp_dir/" -tags selinux,notest,grpcnotrace -ldflags "$ldflags" "${packages[@]%@*}"
for b in "${binaries[@]}"; do mv "$tmp_dir/$b" "$bin_dir/$b"; done
rmdir "$tmp_dir"
for b in "${binaries[@]}"; do reports_version "$b" || { echo "install-kube: $b does not report $KUBERNETES_VERSION" >&2; exit 1; }; done
"$bin_dir/kube-apiserver" --version >&2
print_paths
