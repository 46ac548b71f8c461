#!/usr/bin/env bash
# The README's test command (and CI's): installs what it needs, type-checks, builds the function bundle, then
# runs every test (unit, function, mTLS, schema + CEL validation, crank render + validate, freshness of
# dist/ and imports/), then the compliance report (fails on any failing rule). Ends with the wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/ensure-deps.sh
crank=$(bash scripts/install-crank.sh | tail -n 1)
echo "crank: $crank ($("$crank" version --client 2>/dev/null | head -n 1))"
echo "== typecheck"
npx --no-install tsc --noEmit -p tsconfig.json
echo "== build function bundle"
npx --no-install tsx functions/build.ts
echo "== tests"
mkdir -p .cache
status=0
NODE_OPTIONS='--experimental-vm-modules --no-warnings=ExperimentalWarning' \
  npx --no-install jest --ci --json --outputFile=.cache/jest-results.json "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(".cache/jest-results.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
' || status=1
echo "== compliance (npm run compliance: every rule on every environment, scenario and example)"
npx --no-install tsx scripts/compliance.ts --format md || status=1
echo "test wall time: $(( $(date +%s) - start )) s"
exit $status
