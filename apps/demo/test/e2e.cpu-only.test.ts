/**
 * End-to-end: the browser page (apps/demo/web) in headless Debian Chromium. Starts Vite on
 * 127.0.0.1 with a free port, trains a few steps on WebGL (SwiftShader), and checks that the
 * loss chart updates, the backend shown is WebGL, and nothing was logged as an error.
 * Screenshot: test-artifacts/demo/e2e.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumEnv } from '../../../tools/chromium';

const demoDir = fileURLToPath(new URL('..', import.meta.url));
const artifacts = fileURLToPath(new URL('../../../test-artifacts/demo/', import.meta.url));

let server: ViteDevServer;
let browser: Browser;

beforeAll(async () => {
  server = await createServer({
    configFile: join(demoDir, 'vite.config.ts'),
    // port 0: the OS picks a free one, so parallel runs never collide.
    server: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'warn',
    clearScreen: false,
  });
  await server.listen();
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    env: chromiumEnv('tftricks-e2e-'),
    args: [...CHROMIUM_ARGS],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('the page trains on WebGL and draws the loss per step, with no console errors', async () => {
  const url = server.resolvedUrls?.local[0];
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));

  await page.goto(url!);
  // Ready once the data and backend are loaded (the button is enabled then).
  await page.locator('#start:not([disabled])').waitFor({ timeout: 90_000 });
  expect(await page.locator('#backend').getAttribute('data-backend')).toBe('webgl');
  expect(await page.locator('#backend-note').textContent()).toBe('');

  // A few steps only: 64 images at batch 16 with the tiny CNN, one epoch.
  await page.selectOption('#recipe', 'recipe');
  await page.selectOption('#model', 'tiny');
  await page.fill('#train-limit', '64');
  await page.fill('#batch-size', '16');
  await page.fill('#epochs', '1');
  await page.fill('#test-limit', '100');
  await page.click('#start');

  await page.waitForFunction(
    () => Number(document.getElementById('loss-chart')?.dataset.points ?? 0) >= 2,
    undefined,
    { timeout: 150_000, polling: 250 },
  );
  const losses = await page.locator('#loss-chart circle').count();
  expect(losses).toBeGreaterThanOrEqual(2);

  // Let the run finish (4 steps + evaluation + report) so the screenshot shows everything.
  await page.waitForFunction(
    () =>
      document.getElementById('status')?.textContent?.includes('test accuracy') &&
      !document.getElementById('status')?.textContent?.includes('Rendering'),
    undefined,
    {
      timeout: 120_000,
      polling: 500,
    },
  );
  expect(await page.locator('#status').textContent()).toMatch(
    /^recipe: test accuracy \d+\.\d\d% · 4 steps in [\d.]+ s on webgl\.$/,
  );
  expect(await page.locator('#loss-chart').getAttribute('data-points')).toBe('4');
  expect(await page.locator('#acc-chart').getAttribute('data-points')).toBe('1');
  const srcdoc = await page.locator('#report').getAttribute('srcdoc');
  expect(srcdoc).toContain('<html');

  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'e2e.png'), fullPage: true });
  expect(errors).toEqual([]);
  await page.close();
}, 360_000);
