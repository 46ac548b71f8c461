#!/usr/bin/env bash
# End-to-end tests on a live control plane (`npm run e2e`; also the last step of `npm test`). Installs the
# pinned binaries first (etcd, kube-apiserver, kube-controller-manager, kubectl, Crossplane core: built from the
# Go module proxy into the cache directory on the first run, reused after) so that their build time is reported
# apart from the tests'. Arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
# E2E_TESTS picks the suite (scripts/e2e-aws.sh: test/e2e-aws) and E2E_EXTRA_INSTALLS what else it needs.
for script in install-etcd.sh install-kube.sh install-crossplane.sh ${E2E_EXTRA_INSTALLS:-}; do
  t=$(date +%s)
  bash "scripts/$script" > /dev/null
  echo "$script: $(( $(date +%s) - t )) s"
done
NODE_OPTIONS='--experimental-vm-modules --no-warnings=ExperimentalWarning' \
  exec npx --no-install jest --testMatch "<rootDir>/${E2E_TESTS:-test/e2e}/**/*.e2e.ts" --runInBand "$@"
