import * as tf from '@tensorflow/tfjs-core';
import { TricksError } from '@tftricks/core';
import { expectNoLeaks } from '@tftricks/core/testing';
import { describe, expect, it } from 'vitest';
import { findLabelIssues } from './find-label-issues';
import { mistakes } from './mistakes';
import { renderReport } from './render-report';
import { CLASS_NAMES, checkWellFormed, syntheticReport } from './report-fixture.test-util';

describe('renderReport', () => {
  it('renders a well-formed, self-contained page with the expected images and sections (no leaks)', async () => {
    const s = syntheticReport();
    const images = tf.tensor4d(s.pixels, s.shape);
    const probs = tf.tensor2d(s.probs);
    const report = await expectNoLeaks(
      () => renderReport({ ...s.input, images, probs, labels: s.labels }),
      'renderReport',
    );
    tf.dispose([images, probs]);
    const { html, data } = report;
    const counts = checkWellFormed(html);
    // Self-contained: no URL other than data: URIs, no scripts, no stylesheets to fetch.
    expect(html).not.toMatch(/https?:|\/\/[a-z]|url\(|<script|<link|@import/i);
    const srcs = [...html.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1]!);
    expect(srcs.every((u) => u.startsWith('data:image/png;base64,'))).toBe(true);
    const nMistakes = (await mistakes(s.probs, s.labels)).length;
    const nIssues = (await findLabelIssues(s.probs, s.labels)).issues.length;
    expect(data.mistakeCount).toBe(nMistakes);
    expect(data.labelIssueCount).toBe(nIssues);
    expect(counts.get('img')).toBe(Math.min(6, nMistakes) + Math.min(6, nIssues));
    expect(counts.get('figure')).toBe(counts.get('img'));
    // Charts: heatmap, reliability, loss, accuracy, learning rate (run lr + schedule), extra chart.
    expect(counts.get('svg')).toBe(6);
    expect(html).toContain('Synthetic shapes &#60;baseline vs recipe&#62;');
    for (const name of CLASS_NAMES) expect(html).toContain(name);
    for (const heading of [
      'Summary',
      'Confusion matrix and calibration',
      'Per class',
      'Training',
      'Worst mistakes',
      'Suspected label issues',
    ]) {
      expect(html).toContain(`<h2>${heading}</h2>`);
    }
    expect(html).toContain('recipe val');
    // Cards show p(predicted) of each shown issue, never a negative number.
    for (const r of data.labelIssues!)
      expect(html).toContain(
        `confidence ${r.confidence.toFixed(3)}<br/>p(given) ${r.selfConfidence.toFixed(3)}`,
      );
    expect(html).not.toMatch(/confidence -/);
    expect(html).toContain('&#34;cropScale&#34;');
    // The JSON holds the same data.
    const parsed = JSON.parse(report.json) as typeof data;
    expect(parsed.evaluation.confusionMatrix).toEqual(data.evaluation.confusionMatrix);
    expect(parsed.mistakes.map((m) => m.index)).toEqual(data.mistakes.map((m) => m.index));
    expect(parsed.schedules!.cosine).toHaveLength(12);
    expect(parsed.schedules!.cosine![0]).toBeCloseTo(0.01, 12);
    if (typeof DOMParser !== 'undefined') {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      expect(doc.querySelectorAll('img').length).toBe(counts.get('img'));
      expect(doc.querySelectorAll('section').length).toBe(6);
    }
    if (typeof document !== 'undefined') {
      // Browser project: the page loads in an iframe and every PNG data URI decodes.
      const frame = document.createElement('iframe');
      const loaded = new Promise((done) => frame.addEventListener('load', done, { once: true }));
      frame.srcdoc = html;
      document.body.appendChild(frame);
      await loaded;
      const imgs = [...frame.contentDocument!.querySelectorAll('img')];
      await Promise.all(imgs.map((img) => img.decode()));
      expect(imgs.map((img) => img.naturalWidth)).toEqual(imgs.map(() => 16));
      frame.remove();
    }
  });

  it('takes typed-array images, works without images or history, and can skip label issues', async () => {
    const s = syntheticReport(20);
    const withArrays = await renderReport({
      probs: s.probs,
      labels: s.labels,
      images: { data: s.pixels, shape: s.shape },
    });
    expect(checkWellFormed(withArrays.html).get('img')).toBeGreaterThan(0);
    const bare = await renderReport({ probs: s.probs, labels: s.labels, labelIssues: false });
    const counts = checkWellFormed(bare.html);
    expect(counts.get('img')).toBeUndefined();
    expect(counts.get('svg')).toBe(2);
    expect(bare.data.labelIssues).toBeNull();
    expect(bare.html).not.toContain('Suspected label issues');
  });

  it('refuses bad input with a TricksError naming renderReport', async () => {
    const s = syntheticReport(8);
    await expect(renderReport({ probs: s.probs, labels: s.labels.map(() => 9) })).rejects.toThrow(
      "renderReport: argument 'labels[0]' expected an integer class index in [0, 4), got 9",
    );
    await expect(renderReport({ probs: s.probs, labels: s.labels.slice(1) })).rejects.toThrow(
      /expected 8 rows/,
    );
    await expect(
      renderReport({ probs: s.probs, labels: s.labels, images: { data: s.pixels, shape: [7, 16, 16, 1] } }),
    ).rejects.toThrow(
      "renderReport: argument 'input.images' expected 8 images (one per row of probs), got 7 images",
    );
    const bright = s.pixels.map((v) => v * 2);
    await expect(
      renderReport({ probs: s.probs, labels: s.labels, images: { data: bright, shape: s.shape } }),
    ).rejects.toThrow(/input.images\[\d+\]' expected values in \[0, 1\]/);
    await expect(
      renderReport({
        probs: s.probs,
        labels: s.labels,
        history: { a: { loss: ['x'] as unknown as number[] } },
      }),
    ).rejects.toThrow(TricksError);
    await expect(renderReport({ probs: s.probs, labels: s.labels, limit: 0 })).rejects.toThrow(/input.limit/);
  });
});
