#!/usr/bin/env bash
# Installs moto's server (`moto[server]`, the AWS emulator of the AWS-level end-to-end tests) at the pinned version
# into a Python virtual environment in the cache directory, and prints the path of its python (moto_server and
# boto3 are importable from it). Logs go to stderr. Needs python3 with venv (Debian: python3-venv).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/tool-versions.sh"
venv="$SB_CACHE_DIR/moto-$MOTO_VERSION"
python="$venv/bin/python"
reports_version() { [ "$("$python" -c 'import moto; print(moto.__version__)' 2>/dev/null)" = "$MOTO_VERSION" ]; }
if [ -x "$python" ] && reports_version; then
  echo "$python"; exit 0
fi
command -v python3 >/dev/null || { echo "install-moto: python3 is required" >&2; exit 1; }
rm -rf "$venv"
python3 -m venv "$venv" >&2
"$venv/bin/pip" install --disable-pip-version-check --no-input --quiet "moto[server]==$MOTO_VERSION" >&2
reports_version || { echo "install-moto: $venv does not import moto $MOTO_VERSION" >&2; exit 1; }
echo "moto $MOTO_VERSION" >&2
echo "$python"
