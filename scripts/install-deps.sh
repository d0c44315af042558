#!/usr/bin/env bash
# Installs, from Debian's packages, whatever brink needs to build and test that is missing.
# Called by `make run`, `make test` and `make bench`; does nothing when all is present.
set -euo pipefail

packages=(g++ cmake ninja-build make libeigen3-dev libboost-random-dev libboost-math-dev
          libcli11-dev catch2 libyaml-cpp-dev librandom123-dev libbenchmark-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "brink: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
