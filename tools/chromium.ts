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

/** The environment with a fresh temporary HOME, so Chromium's profile stays out of the real one. */
export function chromiumEnv(prefix = 'tftricks-chromium-'): Record<string, string | undefined> {
  const home = mkdtempSync(join(tmpdir(), prefix));
  return { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home };
}
