import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TricksError } from '@tftricks/core';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEBIAN_FASHION_MNIST_DIR, embeddedFashionMnistDir, loadFashionMnist } from './fashion-mnist';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function classCounts(labels: ArrayLike<number>): number[] {
  const c = new Array(10).fill(0);
  for (let i = 0; i < labels.length; i++) c[labels[i]!]++;
  return c;
}

// The uncompressed Fashion-MNIST files (zalandoresearch release, as shipped by Debian).
const REAL_SHA256: Record<string, string> = {
  'train-images-idx3-ubyte.gz': 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  'train-labels-idx1-ubyte.gz': 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  't10k-images-idx3-ubyte.gz': '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  't10k-labels-idx1-ubyte.gz': '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
};

describe('loadFashionMnist', () => {
  it('reads the full Debian dataset: 60k/10k, 28×28, 6000/1000 per class, known checksums', async () => {
    // .ci/run installs dataset-fashion-mnist, so this must not be skipped in CI.
    expect(existsSync(DEBIAN_FASHION_MNIST_DIR)).toBe(true);
    for (const [file, digest] of Object.entries(REAL_SHA256)) {
      expect(sha(gunzipSync(new Uint8Array(readFileSync(join(DEBIAN_FASHION_MNIST_DIR, file)))))).toBe(
        digest,
      );
    }
    const fm = await loadFashionMnist();
    expect(fm.source).toBe('debian');
    expect(fm.train.labels.length).toBe(60000);
    expect(fm.test.labels.length).toBe(10000);
    expect(fm.train.imageShape).toEqual([28, 28, 1]);
    expect(fm.train.pixels.length).toBe(60000 * 784);
    expect(classCounts(fm.train.labels)).toEqual(new Array(10).fill(6000));
    expect(classCounts(fm.test.labels)).toEqual(new Array(10).fill(1000));
  });

  it('reads the embedded stratified subset: 1000/200 per class, checksums from its manifest', async () => {
    const dir = await embeddedFashionMnistDir();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      sha256_uncompressed: Record<string, string>;
    };
    for (const name of [
      'train-images-idx3-ubyte',
      'train-labels-idx1-ubyte',
      't10k-images-idx3-ubyte',
      't10k-labels-idx1-ubyte',
    ]) {
      expect(sha(gunzipSync(new Uint8Array(readFileSync(join(dir, `${name}.gz`)))))).toBe(
        manifest.sha256_uncompressed[name],
      );
    }
    const fm = await loadFashionMnist({ subset: true });
    expect(fm.source).toBe('embedded');
    expect(classCounts(fm.train.labels)).toEqual(new Array(10).fill(1000));
    expect(classCounts(fm.test.labels)).toEqual(new Array(10).fill(200));
    // Pixels are real images, not zeros: mean intensity of Fashion-MNIST is about 72.9/255.
    let sum = 0;
    for (const v of fm.train.pixels) sum += v;
    expect(sum / fm.train.pixels.length).toBeGreaterThan(60);
    expect(sum / fm.train.pixels.length).toBeLessThan(85);
  });

  it('an explicit dir without the files is a TricksError', async () => {
    await expect(loadFashionMnist({ dir: '/nonexistent' })).rejects.toThrow(TricksError);
    await expect(loadFashionMnist({ dir: '/nonexistent' })).rejects.toThrow(/options.dir/);
  });
});
