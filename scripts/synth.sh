#!/usr/bin/env bash
# The README's synth command: installs dependencies if needed, then `cdk8s synth` writes dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npx --no-install cdk8s synth --no-check-upgrade
