/**
 * End-to-end: the browser page (apps/demo/web) in headless Debian Chromium, once per GPU
 * backend: with WebGPU switched on (SwiftShader's Vulkan: the page must pick WebGPU), and
 * without it (the page must fall back to WebGL and say so). Each trains the baseline and the
 * recipe side by side on a small configuration passed through the URL, and checks the loss
 * chart, the results table, the report, and that nothing was logged as an error.
 * Screenshots: test-artifacts/demo/e2e-<backend>.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, CHROMIUM_WEBGPU_ARGS, chromiumEnv } from '../../../tools/chromium';

const demoDir = fileURLToPath(new URL('..', import.meta.url));
const artifacts = fileURLToPath(new URL('../../../test-artifacts/demo/', import.meta.url));
// Two runs of 4 steps each (64 images at batch 16) with the tiny CNN: seconds in software.
const SMALL = '?recipe=both&model=tiny&train=64&batch=16&epochs=1&test=100&autostart=1';

let server: ViteDevServer;

beforeAll(async () => {
  server = await createServer({
    configFile: join(demoDir, 'vite.config.ts'),
    // port 0: the OS picks a free one, so parallel runs never collide.
    server: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'warn',
    clearScreen: false,
  });
  await server.listen();
}, 120_000);

afterAll(async () => {
  await server?.close();
});

const CASES = [
  {
    backend: 'webgpu',
    args: [...CHROMIUM_ARGS, ...CHROMIUM_WEBGPU_ARGS],
    summary: /^webgpu \(SwiftShader adapter, software, @tftricks\/webgpu-train kernels\)$/,
    note: '',
  },
  {
    backend: 'webgl',
    // A browser without WebGPU.
    args: [...CHROMIUM_ARGS, '--disable-features=WebGPU,Vulkan'],
    summary: /^webgl \(GPU\)$/,
    note: 'WebGPU is not available in this browser, so training runs on WebGL.',
  },
] as const;

describe.each(CASES)('the page on $backend', ({ backend, args, summary, note }) => {
  test('prefers WebGPU, falls back to WebGL, trains baseline and recipe side by side', async () => {
    const url = server.resolvedUrls?.local[0];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      env: chromiumEnv('tftricks-e2e-'),
      args: [...args],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1100 } });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));

      await page.goto(`${url}${SMALL}`);
      // The URL filled the form (and autostart pressed Train once the backend was ready).
      expect(await page.locator('#train-limit').inputValue()).toBe('64');
      expect(await page.locator('#recipe').inputValue()).toBe('both');
      await page.locator('#backend[data-backend]:not([data-backend=""])').waitFor({ timeout: 90_000 });
      expect(await page.locator('#backend').getAttribute('data-backend')).toBe(backend);
      expect(await page.locator('#backend-summary').textContent()).toMatch(summary);
      expect(await page.locator('#backend-note').textContent()).toBe(note);

      // Both runs finish (4 steps, evaluation and the report each), then the side-by-side line.
      await page.waitForFunction(
        () =>
          document.querySelectorAll('#results-body tr').length === 2 &&
          !document.getElementById('status')?.textContent?.includes('Rendering'),
        undefined,
        { timeout: 240_000, polling: 500 },
      );
      await page.waitForFunction(
        () => document.getElementById('status')?.textContent?.includes('(test accuracy)'),
        undefined,
        {
          timeout: 30_000,
        },
      );
      expect(await page.locator('#status').textContent()).toMatch(
        new RegExp(
          `^baseline \\d+\\.\\d\\d% · recipe \\d+\\.\\d\\d% \\(test accuracy\\) · 8 steps in [\\d.]+ s on ${backend}\\.$`,
        ),
      );
      const rows = await page
        .locator('#results-body tr')
        .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
      expect(rows.map((r) => [r[0], r[2], r[3], r[5]])).toEqual([
        ['baseline', '100', '4', backend],
        ['recipe', '100', '4', backend],
      ]);
      expect(await page.locator('#loss-chart').getAttribute('data-points')).toBe('4');
      expect(await page.locator('#loss-chart polyline').count()).toBe(2);
      expect(await page.locator('#acc-chart').getAttribute('data-points')).toBe('1');
      expect(await page.locator('#report').getAttribute('srcdoc')).toContain('<html');

      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, `e2e-${backend}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await browser.close();
    }
  }, 360_000);
});
