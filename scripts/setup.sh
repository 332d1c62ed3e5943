#!/usr/bin/env bash
# Install everything jupyter_codegen needs into .venv, including the embedded offline model.
# Safe to run again: each step is skipped or quick when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

# System packages: graphviz draws plan graphs. Installed when we may (root with apt-get).
# System packages: graphviz draws plan graphs; chromium runs the browser tests. Installed
# when we may (root with apt-get); otherwise say what is missing.
missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> apt-get install ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "note: not installed: ${missing[*]} (graphviz draws plan graphs; chromium runs the browser tests)." >&2
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip

# The JupyterLab extension (TypeScript in labextension/), built with npm alone: the pip install
# below finds the built assets and skips its own JavaScript build. The lockfile pins versions.
if command -v npm >/dev/null 2>&1; then
  echo "==> building the JupyterLab extension (npm)"
  (cd labextension && npm install --no-audit --no-fund --silent && npm run --silent build:prod >/dev/null)
else
  echo "note: npm is not installed: the JupyterLab extension is not built (the toolkit works without it)." >&2
fi

# llama-cpp-python compiles llama.cpp from source the first time (a few minutes on 2 cores);
# pip caches the wheel, so later installs take seconds.
echo "==> pip install -e .[local,dev]  (the first run compiles llama.cpp: several minutes)"
CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)} \
  "$VENV/bin/python" -m pip install -q -e ".[local,dev]"

# The widgets' front-end code (Graphviz compiled to WebAssembly draws plan graphs in the
# browser where no `dot` is installed); npm fetches it from the registry, pinned by the lock.
if command -v npm >/dev/null 2>&1; then
  echo "==> building the widget bundle (npm)"
  (cd js && npm ci --no-audit --no-fund --silent && npm run --silent build)
else
  echo "note: npm is not installed, so plan graphs need graphviz's 'dot' to draw (text otherwise)." >&2
fi

echo "==> assembling and verifying the embedded model"
"$VENV/bin/jupyter-codegen" model fetch
