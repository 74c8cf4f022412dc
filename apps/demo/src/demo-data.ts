import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng } from '@tftricks/core';
import { type ImageDataset, loadFashionMnist, stratifiedSplit, subsetDataset } from '@tftricks/data';
import { imageFolder } from '@tftricks/data/node';

export interface DemoData {
  train: ImageDataset;
  test: ImageDataset;
  /** Where the data came from, for the console and the summary. */
  source: string;
}

async function isImageFolder(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.some((e) => e.isDirectory()) && !entries.some((e) => /idx\d-ubyte/.test(e.name));
}

/**
 * The demo's data: the embedded Fashion-MNIST subset by default; `full` for the 60k/10k set
 * (Debian's dataset-fashion-mnist); `dir` for a folder of IDX files, or of images in one
 * subfolder per class (decoded at 28×28 gray, split 80/20 stratified).
 */
export async function loadDemoData(options: { dir?: string; full?: boolean }): Promise<DemoData> {
  if (options.dir && (await stat(options.dir)).isDirectory() && (await isImageFolder(options.dir))) {
    const folder = await imageFolder(options.dir, { size: 28, channels: 1 });
    try {
      const all = await folder.toDataset();
      const split = stratifiedSplit(all.labels, { testFraction: 0.2, rng: createRng(0) });
      return {
        train: subsetDataset(all, split.train),
        test: subsetDataset(all, split.test),
        source: `image folder ${options.dir}`,
      };
    } finally {
      await folder.close();
    }
  }
  const fm = await loadFashionMnist(options.dir ? { dir: options.dir } : { subset: !options.full });
  if (options.full && fm.source === 'embedded') {
    console.warn(
      'warning: --full asked for the full Fashion-MNIST, but it is not installed (apt-get install dataset-fashion-mnist); using the embedded subset',
    );
  }
  return { train: fm.train, test: fm.test, source: fm.source === 'dir' ? join(fm.dir) : fm.source };
}
