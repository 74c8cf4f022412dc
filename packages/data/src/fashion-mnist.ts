import { TricksError } from '@tftricks/core';
import type { ImageDataset } from './image-dataset';
import { readIdx } from './read-idx';

/** Fashion-MNIST's ten class names, by label. */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** The four IDX files of Fashion-MNIST (raw or gzipped bytes). */
export interface FashionMnistFiles {
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
  testImages: Uint8Array;
  testLabels: Uint8Array;
}

/** Train and test splits, uint8 28×28×1, with where they came from. */
export interface FashionMnist {
  train: ImageDataset;
  test: ImageDataset;
  /** `'dir'` (the `dir` option), `'debian'` (dataset-fashion-mnist) or `'embedded'` (the subset shipped in this package). */
  source: 'dir' | 'debian' | 'embedded';
  /** The folder the files were read from. */
  dir: string;
}

/** Debian's `dataset-fashion-mnist` package installs the full set here. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

const FILE_NAMES: Record<keyof FashionMnistFiles, string> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

function toDataset(images: Uint8Array, labels: Uint8Array, which: string): ImageDataset {
  const x = readIdx(images, `${which}Images`);
  const y = readIdx(labels, `${which}Labels`);
  if (x.dtype !== 'uint8' || x.shape.length !== 3) {
    throw new TricksError(
      'fashionMnistFromBytes',
      `${which}Images`,
      'a uint8 IDX of shape [N, 28, 28]',
      `${x.dtype} [${x.shape.join(', ')}]`,
    );
  }
  if (y.dtype !== 'uint8' || y.shape.length !== 1) {
    throw new TricksError(
      'fashionMnistFromBytes',
      `${which}Labels`,
      'a uint8 IDX of shape [N]',
      `${y.dtype} [${y.shape.join(', ')}]`,
    );
  }
  if (x.shape[0] !== y.shape[0]) {
    throw new TricksError(
      'fashionMnistFromBytes',
      `${which}Labels`,
      `${x.shape[0]} labels (one per image)`,
      `${y.shape[0]}`,
    );
  }
  const labelsU8 = y.data as Uint8Array;
  for (let i = 0; i < labelsU8.length; i++) {
    if (labelsU8[i]! > 9)
      throw new TricksError(
        'fashionMnistFromBytes',
        `${which}Labels[${i}]`,
        'a label in [0, 9]',
        String(labelsU8[i]),
      );
  }
  return {
    pixels: x.data as Uint8Array,
    labels: labelsU8,
    imageShape: [x.shape[1]!, x.shape[2]!, 1],
    numClasses: 10,
    classNames: [...FASHION_MNIST_CLASSES],
  };
}

/**
 * Fashion-MNIST from the bytes of its four IDX files — for the browser (fetch them) or any
 * other source. Throws a {@link TricksError} on truncated or inconsistent files.
 */
export function fashionMnistFromBytes(
  files: FashionMnistFiles,
  source: FashionMnist['source'] = 'dir',
  dir = '',
): FashionMnist {
  return {
    train: toDataset(files.trainImages, files.trainLabels, 'train'),
    test: toDataset(files.testImages, files.testLabels, 'test'),
    source,
    dir,
  };
}

/**
 * The folder of the 10,000 + 2,000 image stratified subset shipped inside this package
 * (1,000 train and 200 test images per class, gzipped IDX), so demos run with no download.
 */
export async function embeddedFashionMnistDir(): Promise<string> {
  const { fileURLToPath } = await import('node:url');
  return fileURLToPath(new URL('../fashion-mnist-subset/', import.meta.url));
}

async function readFiles(dir: string): Promise<FashionMnistFiles | null> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const out: Partial<FashionMnistFiles> = {};
  for (const [key, base] of Object.entries(FILE_NAMES) as [keyof FashionMnistFiles, string][]) {
    let found: Uint8Array | null = null;
    for (const candidate of [`${base}.gz`, base]) {
      try {
        found = new Uint8Array(await fs.readFile(path.join(dir, candidate)));
        break;
      } catch {
        // try the next name
      }
    }
    if (!found) return null;
    out[key] = found;
  }
  return out as FashionMnistFiles;
}

/**
 * Loads Fashion-MNIST in Node (uint8 28×28×1, labels 0–9).
 *
 * Source order: `dir` when given (an error if its files are missing) → Debian's
 * `/usr/share/datasets/fashion-mnist` (60k + 10k) → the embedded 10k + 2k subset.
 * `subset: true` skips straight to the embedded subset. In the browser use
 * {@link fashionMnistFromBytes}.
 */
export async function loadFashionMnist(
  options: { dir?: string; subset?: boolean } = {},
): Promise<FashionMnist> {
  const isNode =
    typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node ===
    'string';
  if (!isNode) {
    throw new TricksError(
      'loadFashionMnist',
      'environment',
      'Node.js (it reads files)',
      'a browser: use fashionMnistFromBytes with fetched files',
    );
  }
  if (options.dir && !options.subset) {
    const files = await readFiles(options.dir);
    if (!files) {
      throw new TricksError(
        'loadFashionMnist',
        'options.dir',
        `a folder with ${Object.values(FILE_NAMES).join(', ')} (.gz or raw)`,
        JSON.stringify(options.dir),
      );
    }
    return fashionMnistFromBytes(files, 'dir', options.dir);
  }
  if (!options.subset) {
    const files = await readFiles(DEBIAN_FASHION_MNIST_DIR);
    if (files) return fashionMnistFromBytes(files, 'debian', DEBIAN_FASHION_MNIST_DIR);
  }
  const dir = await embeddedFashionMnistDir();
  const files = await readFiles(dir);
  if (!files)
    throw new TricksError(
      'loadFashionMnist',
      'options',
      'the embedded subset to be present',
      `no files in ${dir}`,
    );
  return fashionMnistFromBytes(files, 'embedded', dir);
}
