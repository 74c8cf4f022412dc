#!/usr/bin/env bash
# The whole test suite on a fresh machine with Node 20: installs what it needs, builds every
# package, type-checks, lints, runs the unit tests on cpu, wasm and headless Chromium (WebGL),
# and on WebGPU (Node through Dawn, and headless Chromium; SwiftShader's Vulkan in software), then
# packs every package and runs its README example in a fresh project outside the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. pnpm, pinned (Corepack fails here; see ENVIRONMENT.md).
if [ "$(pnpm --version 2>/dev/null || true)" != "12.4.2" ]; then
  npm install -g pnpm@12.4.2
fi

# 2. Debian packages: Chromium for the browser suites (its SwiftShader Vulkan driver is also the
#    WebGPU adapter in Node), the Vulkan loader for Dawn (npm webgpu), the full Fashion-MNIST for
#    the data tests, clang + lld + wabt to rebuild @tftricks/wasm-train's C kernels (clang-19 +
#    lld-19 for its relaxed-SIMD builds: clang 14 emits relaxed SIMD's pre-standard opcodes).
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
ldconfig -p | grep 'libvulkan\.so\.1 ' >/dev/null || need+=(libvulkan1)
command -v clang >/dev/null || need+=(clang)
command -v wasm-ld >/dev/null || need+=(lld)
command -v clang-19 >/dev/null || need+=(clang-19)
command -v wasm-ld-19 >/dev/null || need+=(lld-19)
command -v wasm2wat >/dev/null || need+=(wabt)
if [ ${#need[@]} -gt 0 ]; then
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# 3. Workspace install, build (ESM + CJS + d.ts), type-check, lint.
export TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile
node packages/wasm-train/scripts/build-kernels.mjs --check
pnpm build
pnpm typecheck
pnpm lint

# 4. Unit tests: node-cpu, node-wasm, browser (Chromium/WebGL), and the WebGPU projects
#    node-webgpu (Dawn) and browser-webgpu (Chromium), both on SwiftShader (vitest.config.ts).
mkdir -p test-artifacts
export HOME_FOR_CHROMIUM="$(mktemp -d)"
XDG_CONFIG_HOME="$HOME_FOR_CHROMIUM" XDG_CACHE_HOME="$HOME_FOR_CHROMIUM" \
  pnpm exec vitest run --project node-cpu --project node-wasm --project browser \
  --project node-webgpu --project browser-webgpu \
  --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json

# 5. Every package installs on its own and its README example runs.
pnpm test:pack

node scripts/summary.mjs test-artifacts/vitest.json
