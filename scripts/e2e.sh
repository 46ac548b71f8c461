#!/usr/bin/env bash
# End-to-end tests on a live control plane (`npm run e2e`; also the last step of `npm test`). Installs the
# pinned binaries first (etcd, kube-apiserver, kube-controller-manager, kubectl, Crossplane core: built from the
# Go module proxy into the cache directory on the first run, reused after) so that their build time is reported
# apart from the tests'. Arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
for script in install-etcd.sh install-kube.sh install-crossplane.sh; do
  t=$(date +%s)
  bash "scripts/$script" > /dev/null
  echo "$script: $(( $(date +%s) - t )) s"
done
NODE_OPTIONS='--experimental-vm-modules --no-warnings=ExperimentalWarning' \
  exec npx --no-install jest --testMatch '<rootDir>/test/e2e/**/*.e2e.ts' --runInBand "$@"
