#!/usr/bin/env bash
# Runs a command and reports its wall time and peak memory: the peak of the total RSS of the command's whole
# process tree, sampled every second (what the machine must have), and the largest single process's peak (from
# /usr/bin/time when present). For measuring tool builds and test runs; prints one line on stderr at the end.
# Usage: scripts/measure.sh <label> <command> [args...]
set -uo pipefail
label="$1"; shift
start=$(date +%s)
"$@" &
pid=$!
peak=0
tree_rss() { # KiB of the process tree rooted at $1
  local pids="$1" frontier="$1" next
  while [ -n "$frontier" ]; do
    next="$(for p in $frontier; do cat "/proc/$p/task/"*/children 2>/dev/null; done | tr -s ' \n' ' ')"
    frontier="${next# }"; frontier="${frontier% }"
    [ -n "$frontier" ] && pids="$pids $frontier"
  done
  for p in $pids; do awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null; done | awk '{ s += $1 } END { print s + 0 }'
}
while kill -0 "$pid" 2>/dev/null; do
  rss=$(tree_rss "$pid"); [ "$rss" -gt "$peak" ] && peak=$rss
  sleep 1
done
wait "$pid"; status=$?
echo "measure: $label: exit $status, wall $(( $(date +%s) - start )) s, peak total RSS $(( peak / 1024 )) MiB" >&2
exit $status
