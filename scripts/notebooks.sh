#!/usr/bin/env bash
# Refresh the example notebooks' committed outputs (see notebooks/README.md).
#   bash scripts/notebooks.sh          replay the recorded notebooks, run the others
#   bash scripts/notebooks.sh record   record workflow-tour live on the embedded model first
set -euo pipefail
cd "$(dirname "$0")/.."
CODEGEN=.venv/bin/jupyter-codegen

if [ "${1:-}" = "record" ]; then
  echo "==> recording notebooks/workflow-tour.ipynb on the embedded model"
  env -u JUPYTER_CODEGEN_REPLAY "$CODEGEN" run notebooks/workflow-tour.ipynb --if-changed
fi
for name in workflow-tour bring-your-own-model; do
  echo "==> replaying notebooks/$name.ipynb"
  "$CODEGEN" replay "notebooks/$name.ipynb" -o "notebooks/$name.ipynb" --if-changed
done
for name in reproducibility evaluation; do
  echo "==> running notebooks/$name.ipynb"
  "$CODEGEN" run "notebooks/$name.ipynb" --if-changed
done
