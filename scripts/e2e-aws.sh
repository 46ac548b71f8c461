#!/usr/bin/env bash
# AWS-level end-to-end tests (`npm run e2e:aws`): the live control plane of scripts/e2e.sh plus Upbound's AWS
# provider and moto (test/e2e-aws). Installs the pinned binaries first and reports each install's time apart from
# the tests'. The provider's first build is heavy (measured: 4175 s wall, 16.9 GiB peak RSS on 2 cores; cached
# after), which is why this is not part of `npm test`. Arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
for script in install-etcd.sh install-kube.sh install-crossplane.sh install-moto.sh install-provider-aws.sh; do
  t=$(date +%s)
  bash "scripts/$script" > /dev/null
  echo "$script: $(( $(date +%s) - t )) s"
done
NODE_OPTIONS='--experimental-vm-modules --no-warnings=ExperimentalWarning' \
  exec npx --no-install jest --testMatch '<rootDir>/test/e2e-aws/**/*.e2e.ts' --runInBand "$@"
