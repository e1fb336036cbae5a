#!/usr/bin/env bash
# Creates .venv-torch2/, a project-local Python environment with PyTorch 2.x for the torch 2.x conformance
# suite (test/lib/torch2-conformance.test.ts) and the Newton–Schulz benchmark; prints its python's path.
# Does nothing when the environment already imports torch 2.x. The lightest install that runs torch.optim on
# the CPU: the CPU-only wheel (about 190 MB, no CUDA packages) plus torch's pure-Python dependencies.
# (The default Linux wheel, installed with --no-deps, does not import without its CUDA libraries.)
# TORCH2_SPEC overrides the requirement; PYTHON the interpreter the environment is made from (>= 3.10).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-torch2
python="$PWD/$venv/bin/python"
check='import sys, torch, torch.optim; sys.exit(0 if int(torch.__version__.split(".")[0]) >= 2 and hasattr(torch.optim, "Muon") else 1)'
if [ -x "$python" ] && "$python" -W ignore -c "$check" 2>/dev/null; then
  echo "$python"
  exit 0
fi
spec="${TORCH2_SPEC:-torch==2.13.0+cpu}"
rm -rf "$venv"
"${PYTHON:-python3}" -m venv "$venv" >&2
# --retries 0: an index that cannot be reached fails at once instead of five times; the CPU wheels' own index
# serves machines without a local copy.
pip=("$python" -m pip install --quiet --retries 0 --timeout 30 --extra-index-url https://download.pytorch.org/whl/cpu)
"${pip[@]}" filelock typing_extensions sympy networkx jinja2 fsspec mpmath MarkupSafe >&2
"${pip[@]}" --no-deps "$spec" >&2
"$python" -W ignore -c "$check"
echo "$python"
