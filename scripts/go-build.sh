# Sourced by the install scripts: builds Go programs at pinned module versions into the cache directory.
#
# Built in a throwaway module rather than with `go install m@v`: `go install` looks up the module's version list
# for deprecations, and proxies that serve versions but refuse listing (as the one here does) make it fail.
# Requiring the exact version and building the package avoids that lookup and builds the same code. `go install`
# also refuses modules whose go.mod has replace directives; modules that need theirs honoured (k8s.io/kubernetes)
# get them restated in the throwaway go.mod (go_build_throwaway's go.mod extra). Nothing is built inside the
# repository.
#
# go_build_pinned <module@version> <package> <output> [ldflags] [main.go source for a program of our own]
go_build_pinned() {
  local module="$1" package="$2" output="$3" ldflags="${4:-}" main_source="${5:-}"
  mkdir -p "$(dirname "$output")"
  go_build_throwaway "" "$main_source" "$module" -- -o "$output.tmp" -ldflags "-s -w $ldflags" "$package"
  mv "$output.tmp" "$output"
}

# go_build_throwaway <go.mod extra> <main.go source> <go get argument>... -- <go build argument>...
#   Creates a throwaway module, appends <go.mod extra> (replace/godebug directives) to its go.mod, writes main.go
#   if given, runs `go get` with the arguments before `--` (module@version or package@version: naming the
#   packages fills go.sum for everything they import) and `go build -trimpath` with the ones after it. Output
#   paths must be absolute (the build runs in the throwaway directory). Logs go to stderr.
go_build_throwaway() {
  local gomod_extra="$1" main_source="$2"
  shift 2
  local -a get_args=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do get_args+=("$1"); shift; done
  [ "${1:-}" = "--" ] || { echo "go_build_throwaway: missing -- before the go build arguments" >&2; return 1; }
  shift
  command -v go >/dev/null || { echo "go_build_throwaway: Go is required (https://go.dev/dl)" >&2; return 1; }
  local work
  work="$(mktemp -d)"
  (
    trap 'rm -rf "$work"' EXIT
    cd "$work"
    go mod init secure-baseline.local/tool-build >/dev/null 2>&1
    [ -z "$gomod_extra" ] || printf '\n%s\n' "$gomod_extra" >> go.mod
    [ -z "$main_source" ] || printf '%s\n' "$main_source" > main.go
    go get "${get_args[@]}" >&2
    go build -trimpath "$@" >&2
  )
}
