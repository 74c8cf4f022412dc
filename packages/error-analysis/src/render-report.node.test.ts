import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { chromium } from 'playwright';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumEnv } from '../../../tools/chromium';
import { renderReport } from './render-report';
import { checkWellFormed, syntheticReport } from './report-fixture.test-util';

const ARTIFACTS = resolve(import.meta.dirname, '../../../test-artifacts/error-analysis');

describe('renderReport (Node: files + headless Chromium)', () => {
  it('writes report.html and report.json that open in Chromium without console errors or requests', async () => {
    const s = syntheticReport();
    const images = tf.tensor4d(s.pixels, s.shape);
    const outDir = join(ARTIFACTS, 'report');
    const report = await renderReport({ ...s.input, images, probs: s.probs, labels: s.labels }, outDir, {
      name: 'report',
    });
    images.dispose();
    expect(report.files).toEqual({ html: join(outDir, 'report.html'), json: join(outDir, 'report.json') });
    const html = readFileSync(report.files!.html, 'utf8');
    expect(html).toBe(report.html);
    const imgCount = checkWellFormed(html).get('img');
    expect(JSON.parse(readFileSync(report.files!.json, 'utf8')).evaluation.n).toBe(40);

    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
      env: chromiumEnv(),
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:') && !r.url().startsWith('data:'))
          problems.push(`request: ${r.url()}`);
      });
      await page.goto(pathToFileURL(report.files!.html).href, { waitUntil: 'load' });
      // Every image decoded (a broken data URI has naturalWidth 0).
      const decoded = await page.$$eval('img', (els) => els.map((e) => (e as HTMLImageElement).naturalWidth));
      expect(decoded).toHaveLength(imgCount!);
      expect(decoded.every((w) => w === 16)).toBe(true);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
