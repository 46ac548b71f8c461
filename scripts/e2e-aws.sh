#!/usr/bin/env bash
# AWS-level end-to-end tests (`npm run e2e:aws`): the live control plane of scripts/e2e.sh plus Upbound's AWS
# provider and moto (test/e2e-aws). The provider's first build is heavy (measured: 4175 s wall, 16.9 GiB peak RSS
# on 2 cores; cached after), which is why this is not part of `npm test`. Arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
E2E_TESTS=test/e2e-aws E2E_EXTRA_INSTALLS="install-moto.sh install-provider-aws.sh" exec bash scripts/e2e.sh "$@"
