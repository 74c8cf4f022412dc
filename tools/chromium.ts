// How the test suites launch Debian's headless Chromium: the vitest browser project, the demo
// page's end-to-end test and the error-analysis report test share these.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Chromium (`apt-get install chromium`), or `$CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * No sandbox (CI runs as root), no background network traffic (only the npm and Debian
 * registries are reachable), and WebGL on SwiftShader (the machines have no GPU).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/**
 * WebGPU in Chromium without a GPU: SwiftShader's Vulkan as the adapter (tfjs's own CI does the
 * same). Added to {@link CHROMIUM_ARGS} by the WebGPU browser project and the demo's WebGPU run.
 */
export const CHROMIUM_WEBGPU_ARGS: readonly string[] = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  // Without Vulkan on SwiftShader too, tfjs's synchronous read (WebGPU canvas → 2D canvas)
  // returns zeros: every dataSync() would read 0.
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
];

/** The environment with a fresh temporary HOME, so Chromium's profile stays out of the real one. */
export function chromiumEnv(prefix = 'tftricks-chromium-'): Record<string, string | undefined> {
  const home = mkdtempSync(join(tmpdir(), prefix));
  return { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home };
}
