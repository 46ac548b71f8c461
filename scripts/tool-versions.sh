# Pinned versions of the tools the project builds itself. Sourced by the install scripts.
# One place to bump a version; the cache directory is keyed by it, so a bump rebuilds.
CROSSPLANE_VERSION=v2.2.0
# Where built tools live: outside the repository so that nothing built is committed and warm runs are fast.
SB_CACHE_DIR="${SB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/secure-baseline}"
# gopher-lua: the Lua VM Argo CD evaluates resource health checks with (scripts/install-lua.sh).
GOPHER_LUA_VERSION=v1.1.1
