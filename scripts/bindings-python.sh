#!/usr/bin/env bash
# Python, used as a Python CDK team would: build the wheel (jsii-pacmak), install it into a virtual environment with
# aws-cdk-lib and constructs from PyPI (pinned in scripts/bindings-python.txt), and synthesise examples/python/app.py
# into cdk.out/bindings/python. test/bindings/python.test.ts compares that template with the TypeScript example's.
#   --no-compile   skip `projen bundle` and `projen compile` (the test task has just run them)
set -euo pipefail
cd "$(dirname "$0")/.."
compile=1
[ "${1:-}" = "--no-compile" ] && compile=0
t0=$SECONDS
if [ "$compile" = 1 ]; then
  # compile alone does not bundle (only build's pre-compile does): the wheel must carry the Lambda assets.
  npx projen bundle
  npx projen compile
fi
rm -rf dist/python
npx projen package:python
t1=$SECONDS
venv=.venv-python
pins=scripts/bindings-python.txt
stamp="$venv/.pins"
if ! { [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && cmp -s "$pins" "$stamp"; }; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$pins"
  cp "$pins" "$stamp"
fi
# --no-deps: the wheel's own aws-cdk-lib>=2.276.0 is not on PyPI yet (see the pins file).
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall dist/python/*.whl
t2=$SECONDS
out=cdk.out/bindings/python
rm -rf "$out"
mkdir -p "$out"
CDK_OUTDIR="$out" "$venv/bin/python" examples/python/app.py
t3=$SECONDS
echo "python bindings: build $((t1 - t0))s, install $((t2 - t1))s, synth $((t3 - t2))s -> $out"
