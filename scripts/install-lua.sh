#!/usr/bin/env bash
# Builds a tiny Lua runner on gopher-lua (the Lua VM Argo CD runs resource health checks in) at the pinned
# version into the cache directory and prints its path. Built by go_build_pinned (scripts/go-build.sh).
#
# Usage of the built tool:  sb-lua <script.lua> <object.json>
#   Sets the global `obj` to the JSON object (as Argo CD does), runs the script, and prints the table it
#   returns as JSON (e.g. {"status":"Healthy","message":"..."}).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tool-versions.sh"
. "$here/go-build.sh"
bin_dir="$SB_CACHE_DIR/sb-lua-$GOPHER_LUA_VERSION/bin"
lua="$bin_dir/sb-lua"
if [ -x "$lua" ] && [ "$("$lua" --version 2>/dev/null)" = "$GOPHER_LUA_VERSION" ]; then
  echo "$lua"; exit 0
fi
main_source=$(cat <<'GO'
package main

import (
	"encoding/json"
	"fmt"
	"os"

	lua "github.com/yuin/gopher-lua"
)

var version = "dev"

// toLua converts decoded JSON into Lua values the way Argo CD's luajson-based conversion does
// (objects and arrays become tables; numbers become LNumber).
func toLua(L *lua.LState, v interface{}) lua.LValue {
	switch x := v.(type) {
	case nil:
		return lua.LNil
	case bool:
		return lua.LBool(x)
	case float64:
		return lua.LNumber(x)
	case string:
		return lua.LString(x)
	case []interface{}:
		t := L.NewTable()
		for _, e := range x {
			t.Append(toLua(L, e))
		}
		return t
	case map[string]interface{}:
		t := L.NewTable()
		for k, e := range x {
			t.RawSetString(k, toLua(L, e))
		}
		return t
	}
	return lua.LNil
}

func fromLua(v lua.LValue) interface{} {
	switch x := v.(type) {
	case *lua.LTable:
		if x.MaxN() > 0 {
			out := []interface{}{}
			x.ForEach(func(_, e lua.LValue) { out = append(out, fromLua(e)) })
			return out
		}
		out := map[string]interface{}{}
		x.ForEach(func(k, e lua.LValue) { out[k.String()] = fromLua(e) })
		return out
	case lua.LBool:
		return bool(x)
	case lua.LNumber:
		return float64(x)
	case lua.LString:
		return string(x)
	}
	return nil
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "--version" {
		fmt.Println(version)
		return
	}
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sb-lua <script.lua> <object.json>")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var obj interface{}
	if err := json.Unmarshal(raw, &obj); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Argo CD opens only safe libraries (base, table, string, math); os/io are not available to health scripts.
	L := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer L.Close()
	for _, lib := range []struct {
		name string
		fn   lua.LGFunction
	}{{lua.LoadLibName, lua.OpenPackage}, {lua.BaseLibName, lua.OpenBase}, {lua.TabLibName, lua.OpenTable}, {lua.StringLibName, lua.OpenString}, {lua.MathLibName, lua.OpenMath}} {
		L.Push(L.NewFunction(lib.fn))
		L.Push(lua.LString(lib.name))
		L.Call(1, 0)
	}
	L.SetGlobal("obj", toLua(L, obj))
	if err := L.DoFile(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := json.Marshal(fromLua(L.Get(-1)))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(string(out))
}
GO
)
go_build_pinned "github.com/yuin/gopher-lua@$GOPHER_LUA_VERSION" . "$lua" "-X main.version=$GOPHER_LUA_VERSION" "$main_source"
echo "$lua"
