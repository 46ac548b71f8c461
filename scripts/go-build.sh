# Sourced by the install scripts: builds a Go program at a pinned module version into the cache directory.
#
# Built in a throwaway module rather than with `go install m@v`: `go install` looks up the module's version list
# for deprecations, and proxies that serve versions but refuse listing (as the one here does) make it fail.
# Requiring the exact version and building the package avoids that lookup and builds the same code (the modules
# built this way have no replace directives to lose). Nothing is built inside the repository.
#
# go_build_pinned <module@version> <package> <output> [ldflags] [main.go source for a program of our own]
go_build_pinned() {
  local module="$1" package="$2" output="$3" ldflags="${4:-}" main_source="${5:-}"
  command -v go >/dev/null || { echo "go_build_pinned: Go is required (https://go.dev/dl)" >&2; return 1; }
  local work
  work="$(mktemp -d)"
  mkdir -p "$(dirname "$output")"
  (
    trap 'rm -rf "$work"' EXIT
    cd "$work"
    go mod init secure-baseline.local/tool-build >/dev/null 2>&1
    [ -z "$main_source" ] || printf '%s\n' "$main_source" > main.go
    go get "$module" >&2
    go build -trimpath -o "$output.tmp" -ldflags "-s -w $ldflags" "$package" >&2
  )
  mv "$output.tmp" "$output"
}
