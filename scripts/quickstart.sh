#!/usr/bin/env bash
# Set everything up, run the quickstart notebook headless on the embedded model, then open it
# in JupyterLab. `--no-lab` stops after the headless run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
mkdir -p build
echo "==> running notebooks/quickstart.ipynb headless on the embedded model (no key, no network)"
.venv/bin/jupyter-codegen run notebooks/quickstart.ipynb -o build/quickstart.ipynb
echo "    result: build/quickstart.ipynb"

if [ "${1:-}" = "--no-lab" ]; then
  exit 0
fi

PORT=${PORT:-8888}
TOKEN=$(.venv/bin/python -c "import secrets; print(secrets.token_hex(16))")
ROOT_FLAG=()
if [ "$(id -u)" = 0 ]; then ROOT_FLAG=(--allow-root); fi
echo
echo "==> JupyterLab is starting. Open:"
echo "    http://127.0.0.1:${PORT}/lab/tree/notebooks/quickstart.ipynb?token=${TOKEN}"
echo
exec .venv/bin/jupyter lab --no-browser --ip=127.0.0.1 --port="$PORT" "${ROOT_FLAG[@]}" \
  --IdentityProvider.token="$TOKEN" --ServerApp.root_dir="$PWD" notebooks/quickstart.ipynb
