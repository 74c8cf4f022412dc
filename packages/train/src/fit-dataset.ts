import { describeValue, TricksError } from '@tftricks/core';
import {
  assertDataset,
  convertChannels,
  type ImageDataset,
  type ResizeMode,
  resizeImage,
} from '@tftricks/data';

/**
 * The dataset with every image resized to `[H, W]` and converted to `C` channels (1 grey luma,
 * 3 RGB with grey replicated), as an image folder would decode it: the same resize
 * (`'shorter-side-center-crop'` by default, or `'stretch'`) and PIL's conversions. Uint8 pixels
 * only (IDX files, decoded folders). Returns the dataset itself when it already has that shape.
 */
export function fitDataset(
  dataset: ImageDataset,
  imageShape: readonly [number, number, number],
  resize: ResizeMode = 'shorter-side-center-crop',
): ImageDataset {
  const fn = 'fitDataset';
  assertDataset(fn, 'dataset', dataset);
  const [h, w, c] = dataset.imageShape;
  const [oh, ow, oc] = imageShape;
  if (h === oh && w === ow && c === oc) return dataset;
  if (!(dataset.pixels instanceof Uint8Array))
    throw new TricksError(fn, 'dataset.pixels', 'uint8 pixels in [0, 255]', describeValue(dataset.pixels));
  if (c !== 1 && c !== 3 && c !== 4)
    throw new TricksError(fn, 'dataset.imageShape', 'C ∈ {1, 3, 4}', `C = ${c}`);
  if (oc !== 1 && oc !== 3 && oc !== 4) throw new TricksError(fn, 'imageShape', 'C ∈ {1, 3, 4}', `C = ${oc}`);
  const n = dataset.labels.length;
  const inSize = h * w * c;
  const outSize = oh * ow * oc;
  const pixels = new Uint8Array(n * outSize);
  const rgba = new Uint8Array(h * w * 4);
  for (let i = 0; i < n; i++) {
    const src = dataset.pixels.subarray(i * inSize, (i + 1) * inSize);
    for (let p = 0; p < h * w; p++) {
      // Grey fills R, G and B; a missing alpha is opaque.
      rgba[p * 4] = src[p * c]!;
      rgba[p * 4 + 1] = src[p * c + (c === 1 ? 0 : 1)]!;
      rgba[p * 4 + 2] = src[p * c + (c === 1 ? 0 : 2)]!;
      rgba[p * 4 + 3] = c === 4 ? src[p * c + 3]! : 255;
    }
    const converted = convertChannels(rgba, oc);
    pixels.set(resizeImage(converted, [h, w, oc], [oh, ow], resize), i * outSize);
  }
  return { ...dataset, pixels, imageShape: [oh, ow, oc] };
}
