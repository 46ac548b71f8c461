#!/usr/bin/env bash
# The README's test command (and CI's): installs what it needs, type-checks, lints, builds the function bundle, then
# runs every test (unit, function, mTLS, schema + CEL validation, Crossplane CLI render + validate, freshness of
# dist/ and imports/), the compliance report (fails on any failing rule), and the end-to-end tests on a live
# control plane (etcd, kube-apiserver, kube-controller-manager, Crossplane core and the function as local
# processes; their binaries are built once into the cache directory). Ends with the counts of both test runs and
# the wall time.
#
# Arguments go to the unit test run (jest). For a quicker local loop: `npm run test:unit`, `npm run e2e`.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/ensure-deps.sh
# The Crossplane CLI, and the core it renders with (also the live control plane's), before the timed tests.
cli=$(bash scripts/install-crossplane-cli.sh | tail -n 1)
core=$(bash scripts/install-crossplane.sh | head -n 1)
echo "crossplane CLI: $cli ($("$cli" version --client 2>/dev/null | head -n 1)); core: $core ($("$core" --version))"
echo "== typecheck"
npx --no-install tsc --noEmit -p tsconfig.json
echo "== lint (typescript-eslint, and the layering: no import from a layer above; eslint.config.mjs)"
npx --no-install eslint --max-warnings 0 .
echo "== unused exports (knip: an export nothing imports is dead code or a missing test; knip.json)"
npm run --silent unused-exports
echo "== build function bundle"
npx --no-install tsx functions/build.ts
echo "== tests"
mkdir -p .cache
rm -f .cache/jest-results.json .cache/e2e-results.json
status=0
NODE_OPTIONS='--experimental-vm-modules --no-warnings=ExperimentalWarning' \
  npx --no-install jest --ci --json --outputFile=.cache/jest-results.json "$@" || status=$?
echo "== compliance (npm run compliance: every rule on every environment, scenario and example)"
npx --no-install tsx scripts/compliance.ts --format md || status=1
echo "== e2e (live control plane; the first run builds etcd, Kubernetes and Crossplane into the cache)"
e2e_start=$(date +%s)
bash scripts/e2e.sh --ci --json --outputFile=.cache/e2e-results.json || status=1
echo "e2e wall time: $(( $(date +%s) - e2e_start )) s"
node -e '
  const fs = require("fs");
  const runs = [".cache/jest-results.json", ".cache/e2e-results.json"].filter((f) => fs.existsSync(f)).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
  if (!runs.length) { console.error("no test results"); process.exit(1); }
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  const total = sum("numTotalTests");
  if (total === 0) { console.error("no test ran"); process.exit(1); }
  console.log(`tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests") + sum("numTodoTests")} skipped`);
' || status=1
echo "test wall time: $(( $(date +%s) - start )) s"
exit $status
