#!/usr/bin/env bash
# Checks the cloud half: statelint on the ASL, `sam validate --lint`, `sam build` (offline), cfn-lint, checkov.
# The tools live in .venv-cloud (their boto3 pins clash with moto's), installed here on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}
export SAM_CLI_TELEMETRY=0
TOOLS="aws-sam-cli>=1.120 cfn-lint>=1.0 checkov>=3.2 statelint>=3.1"
PY=${PYTHON:-python3}
if [ ! -x .venv-cloud/bin/python ]; then
  "$PY" -m venv .venv-cloud
fi
if ! .venv-cloud/bin/python -c 'import samcli, cfnlint, checkov' 2>/dev/null || [ ! -x .venv-cloud/bin/statelint ]; then
  .venv-cloud/bin/python -m pip install -q --upgrade pip
  # shellcheck disable=SC2086
  .venv-cloud/bin/python -m pip install -q $TOOLS
fi
BIN=.venv-cloud/bin
build_dir=$(mktemp -d)
trap 'rm -rf "$build_dir"' EXIT

echo "== statelint"
for asl in statemachine/*.asl.json; do
  "$BIN/statelint" --ignore=URI "$asl"
done
echo "== sam validate --lint"
"$BIN/sam" validate --lint --template template.yaml
echo "== sam build"
# No cache: a stale layer would hide a file that no longer reaches it.
PATH="$PWD/$BIN:$PATH" "$BIN/sam" build --template template.yaml --build-dir "$build_dir/build" \
  --cache-dir "$build_dir/cache" --no-cached >"$build_dir/build.log" 2>&1 || { cat "$build_dir/build.log"; exit 1; }
# The metadata CSV must reach the layer (the handlers read it at OPTPAR_METADATA).
test -s "$build_dir/build/OptparLayer/python/optpar/metadata/keras_hyperparameters.csv" \
  || { echo "the metadata CSV is missing from the built layer"; exit 1; }
echo "built into $build_dir/build: ok"
echo "== cfn-lint"
"$BIN/cfn-lint" template.yaml
echo "== checkov"
"$BIN/checkov" --skip-download --quiet --compact -f template.yaml --framework cloudformation
echo "cloud checks: all clean"
