#!/usr/bin/env bash
# Set up (if needed) and run every check: lint, format, types, and the whole test suite,
# including the slow tests on the real embedded model and real kernels.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> mypy (strict)"
.venv/bin/mypy
echo "==> TypeScript tests of the JupyterLab extension (vitest)"
(cd labextension && npx --no-install tsc --noEmit -p . && npx --no-install vitest run --reporter=dot)
echo "==> pytest"
.venv/bin/python -m pytest "$@"
