import { type FashionMnist, fashionMnistFromBytes } from '@tftricks/data';

const FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * The Fashion-MNIST subset embedded in @tftricks/data (10,000 train + 2,000 test images),
 * fetched as the gzipped IDX files the dev server serves from `base`.
 */
export async function loadEmbeddedFashionMnist(base: string): Promise<FashionMnist> {
  const entries = await Promise.all(
    Object.entries(FILES).map(async ([key, file]) => [key, await fetchBytes(`${base}${file}`)] as const),
  );
  const files = Object.fromEntries(entries) as Record<keyof typeof FILES, Uint8Array>;
  return fashionMnistFromBytes(files, 'embedded', base);
}
