#!/usr/bin/env bash
# The one recipe for a ready-to-teach matml machine. The dev container's Dockerfile, Binder's
# postBuild and CI (.ci/run) all run it, so CI exercises the same steps the images use.
#
#   bash scripts/image-build.sh [--no-apt] [--no-pip] [--no-project] [--no-check] [--kernel WHERE]
#
# Steps, in order (each can be left out):
#   apt      (root) Debian packages: Node.js and npm when `node` is missing or older than 18;
#            python3-venv for the pip step, or Debian's Jupyter (jupyter-notebook, nbconvert,
#            nbclient) when --no-pip.
#   pip      JupyterLab, nbclient and nbconvert into the venv $MATML_JUPYTER_VENV (default
#            /opt/jupyter; put its bin/ on PATH). Needs PyPI: skipped in CI, which uses Debian's
#            Jupyter instead.
#   project  `npm ci` and `npm run setup` (build, register the TypeScript kernel) in this checkout;
#            --kernel system|user|sys-prefix|project (default project) says where the kernel goes.
#   check    Node >= 18, the kernel visible to Jupyter, and JupyterLab's version when pip ran.
set -euo pipefail
cd "$(dirname "$0")/.."

apt=1 pip=1 project=1 check=1 kernel=project
while [ $# -gt 0 ]; do
  case "$1" in
    --no-apt) apt=0 ;;
    --no-pip) pip=0 ;;
    --no-project) project=0 ;;
    --no-check) check=0 ;;
    --kernel) kernel="${2:?--kernel needs system, user, sys-prefix or project}"; shift ;;
    *) echo "image-build.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
case "$kernel" in
  project) setup_args=() ;;
  system | user | sys-prefix) setup_args=(-- "--$kernel") ;;
  *) echo "image-build.sh: --kernel must be system, user, sys-prefix or project, not $kernel" >&2; exit 2 ;;
esac
venv="${MATML_JUPYTER_VENV:-/opt/jupyter}"
step() { echo "[image-build] $*"; }

node_ok() { command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 18 ]; }

if [ "$apt" = 1 ]; then
  packages=(ca-certificates git)
  node_ok || packages+=(nodejs npm)
  if [ "$pip" = 1 ]; then packages+=(python3 python3-venv); else packages+=(python3 jupyter-notebook python3-nbconvert python3-nbclient); fi
  missing=()
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    step "apt: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    rm -rf /var/lib/apt/lists/*
  else
    step "apt: everything already installed"
  fi
fi

if [ "$pip" = 1 ]; then
  step "pip: JupyterLab into $venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --no-cache-dir --quiet --upgrade pip
  "$venv/bin/python" -m pip install --no-cache-dir --quiet "jupyterlab>=4,<5" nbclient nbconvert
  export PATH="$venv/bin:$PATH" MATML_PYTHON="$venv/bin/python"
fi

if [ "$project" = 1 ]; then
  node_ok || { echo "image-build.sh: Node.js >= 18 is needed (found: $(node --version 2>/dev/null || echo none))" >&2; exit 1; }
  step "project: npm ci"
  npm ci --no-audit --no-fund
  step "project: npm run setup ${setup_args[*]:-}"
  npm run setup "${setup_args[@]}"
fi

if [ "$check" = 1 ]; then
  node_ok || { echo "image-build.sh: Node.js >= 18 is needed" >&2; exit 1; }
  step "check: node $(node --version), npm $(npm --version)"
  if [ "$project" = 1 ]; then
    # The kernel must be found the way `npm start` and `npm run case-study` look for it.
    node -e '
      const j = require("./scripts/jupyter");
      const py = j.findPython(["jupyter_client"]);
      const k = py && j.findKernel(py);
      if (!k) { console.error("image-build.sh: Jupyter does not see the tslab kernel"); process.exit(1); }
      console.log(`[image-build] check: kernel ${k} (python ${py})`);'
  fi
  if [ "$pip" = 1 ]; then
    step "check: JupyterLab $("${MATML_PYTHON:-python3}" -m jupyterlab --version)"
  fi
fi
step "done"
