#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image (Ubuntu): installs Node 20 or later if
# the image has none, bubblewrap (the grader's operating-system sandbox) if missing, then the grading
# code's two npm packages (esbuild, tsx) next to the course files of this zip. Paths are under
# $AUTOGRADER_ROOT (default /autograder), so the same script runs in a test.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
source="$root/source"
node_version="20.19.0"

has_node() {
  command -v node >/dev/null 2>&1 && node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'
}

if has_node; then
  echo "Node $(node --version) found; not installing Node"
else
  echo "Node 20 or later not found: installing Node $node_version"
  apt-get update -q
  apt-get install -y -q --no-install-recommends ca-certificates curl xz-utils
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) echo "setup.sh: no Node build for this machine ($(uname -m))" >&2; exit 1 ;;
  esac
  name="node-v$node_version-linux-$arch"
  tmp="$(mktemp -d)"
  curl -fsSL -o "$tmp/$name.tar.xz" "https://nodejs.org/dist/v$node_version/$name.tar.xz"
  curl -fsSL -o "$tmp/SHASUMS256.txt" "https://nodejs.org/dist/v$node_version/SHASUMS256.txt"
  (cd "$tmp" && grep " $name.tar.xz\$" SHASUMS256.txt | sha256sum -c -)
  tar -xJf "$tmp/$name.tar.xz" -C /usr/local --strip-components=1
  rm -rf "$tmp"
  has_node || { echo "setup.sh: Node $node_version did not install" >&2; exit 1; }
fi

if command -v bwrap >/dev/null 2>&1; then
  echo "bubblewrap found"
elif command -v apt-get >/dev/null 2>&1; then
  echo "installing bubblewrap"
  apt-get update -q
  apt-get install -y -q --no-install-recommends bubblewrap
fi

cd "$source"
npm install --no-audit --no-fund --prefer-offline
echo "setup.sh: done"
