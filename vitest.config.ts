import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH, CHROMIUM_WEBGPU_ARGS } from './tools/chromium';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Tests import packages by name; point those names at the sources so no build is needed. */
function packageAliases() {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const dir of readdirSync(`${root}packages`)) {
    const src = `${root}packages/${dir}/src`;
    if (!existsSync(`${src}/index.ts`)) continue;
    // Sub-entries: @tftricks/core/testing -> packages/core/src/testing/index.ts
    aliases.push({ find: new RegExp(`^@tftricks/${dir}/([\\w-]+)$`), replacement: `${src}/$1/index.ts` });
    aliases.push({ find: new RegExp(`^@tftricks/${dir}$`), replacement: `${src}/index.ts` });
  }
  aliases.push({ find: /^@golden\/(.*)$/, replacement: `${root}tools/golden/fixtures/$1` });
  return aliases;
}

const shared = { resolve: { alias: packageAliases() } };
const unitTests = ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'];
// The demo app's tests (recipes, resume, memory, the browser page end to end) are cpu-only.
const appTests = ['apps/*/test/**/*.test.ts'];
// The bench models' training trajectories on wasm vs cpu (issue #20): node-wasm only.
const benchTests = ['bench/**/*.node.test.ts'];

// WebGPU in Node (Dawn): with no GPU, SwiftShader's Vulkan driver from Debian's chromium — unless
// the caller chose a driver (VK_ICD_FILENAMES set), e.g. a real GPU's.
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const WEBGPU_ENV: Record<string, string> = {
  VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER_ICD,
  XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp',
};
// node-webgpu runs every unit suite. WebGPU in headless Chromium on SwiftShader is ~5× slower,
// so browser-webgpu runs a subset chosen by kernel coverage (scripts/webgpu-subset.mjs: every
// kernel the suites run, and a file of every package) plus the backend checks; docs/webgpu.md.
const WEBGPU_BROWSER_TESTS = [
  ...(JSON.parse(readFileSync(`${root}test/webgpu-browser-subset.json`, 'utf8')) as { files: string[] })
    .files,
  'packages/core/src/backend-setup.test.ts',
];

/**
 * A headless Debian Chromium project: the same unit tests in a real browser (WebGL, or WebGPU on
 * SwiftShader with the WebGPU flags). Files run one at a time: the GPU process is shared.
 */
function browserProject(name: string, setup: string, args: readonly string[], include: string[]) {
  return {
    ...shared,
    // One dependency pre-bundle per project: a shared one is built for the first project only.
    cacheDir: `node_modules/.vite/${name}`,
    optimizeDeps: {
      include: [
        '@tensorflow/tfjs-core',
        '@tensorflow/tfjs-backend-webgl',
        '@tensorflow/tfjs-backend-webgpu',
        '@tensorflow/tfjs-layers',
        '@tensorflow/tfjs-core/dist/register_all_gradients',
      ],
    },
    test: {
      name,
      include,
      exclude: [
        '**/*.node.test.ts',
        '**/*.cpu-only.test.ts',
        '**/node_modules/**',
        // The WebGL project's own checks (that it really runs on WebGL).
        ...(name === 'browser' ? [] : ['**/backend-webgl.browser.test.ts']),
      ],
      setupFiles: [setup],
      testTimeout: 300_000,
      hookTimeout: 300_000,
      fileParallelism: false,
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: playwright({
          launchOptions: {
            executablePath: CHROMIUM_PATH,
            args: [...args],
          },
        }),
        instances: [{ browser: 'chromium' as const }],
      },
    },
  };
}

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'node-cpu',
          include: [...unitTests, ...appTests],
          exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
          environment: 'node',
          setupFiles: ['test/setup-node-cpu.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'node-wasm',
          include: [...unitTests, ...benchTests],
          exclude: ['**/*.browser.test.ts', '**/*.cpu-only.test.ts', '**/node_modules/**'],
          environment: 'node',
          setupFiles: ['test/setup-node-wasm.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'node-webgpu',
          include: unitTests,
          exclude: ['**/*.browser.test.ts', '**/*.cpu-only.test.ts', '**/node_modules/**'],
          environment: 'node',
          setupFiles: ['test/setup-node-webgpu.ts', 'test/kernel-coverage.ts'],
          // One Dawn device and one shader cache for all files of a worker: a fresh device and
          // its shader compiles per file cost more than many files' tests (SwiftShader).
          isolate: false,
          // Dawn reads the Vulkan driver from the environment when it starts (see WEBGPU_ENV).
          env: WEBGPU_ENV,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      browserProject('browser', 'test/setup-browser.ts', CHROMIUM_ARGS, unitTests),
      browserProject(
        'browser-webgpu',
        'test/setup-browser-webgpu.ts',
        [...CHROMIUM_ARGS, ...CHROMIUM_WEBGPU_ARGS],
        WEBGPU_BROWSER_TESTS,
      ),
    ],
  },
});
