#!/usr/bin/env bash
# Installs the pinned Python tools of scripts/python-tools.txt into .venv-tools (idempotent: a second run with the
# same pins does nothing). Run by `npm test` before jest, so a fresh clone gets them from its own install step.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-tools
pins=scripts/python-tools.txt
stamp="$venv/.pins"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && cmp -s "$pins" "$stamp"; then exit 0; fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$pins"
cp "$pins" "$stamp"
echo "python tools installed into $venv: $(grep -v '^#' "$pins" | tr '\n' ' ')"
