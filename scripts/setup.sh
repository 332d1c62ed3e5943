#!/usr/bin/env bash
# Install everything jupyter_codegen needs into .venv, including the embedded offline model.
# Safe to run again: each step is skipped or quick when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

# System packages: graphviz draws plan graphs. Installed when we may (root with apt-get).
if ! command -v dot >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> apt-get install graphviz"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null
  else
    echo "note: graphviz's 'dot' is not installed; install it with your package manager (apt-get install graphviz, brew install graphviz)." >&2
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip

# llama-cpp-python compiles llama.cpp from source the first time (a few minutes on 2 cores);
# pip caches the wheel, so later installs take seconds.
echo "==> pip install -e .[local,dev]  (the first run compiles llama.cpp: several minutes)"
CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)} \
  "$VENV/bin/python" -m pip install -q -e ".[local,dev]"

echo "==> assembling and verifying the embedded model"
"$VENV/bin/jupyter-codegen" model fetch
