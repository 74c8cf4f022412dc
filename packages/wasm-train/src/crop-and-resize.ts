import * as tf from '@tensorflow/tfjs-core';
import { f32, type KernelArgs, runStock } from './wasm-kernel-calls';

/**
 * Nearest source index (row or column) of each of `count` output samples along one axis of
 * a box, or −1 where the sample falls outside the image: the cpu backend's rule (sample
 * points in float64 from the float32 box corners, `Math.round`), so results match it bit for
 * bit.
 */
function nearestIndices(a: number, b: number, extent: number, count: number): Int32Array {
  const scale = count > 1 ? ((b - a) * (extent - 1)) / (count - 1) : 0;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const at = count > 1 ? a * (extent - 1) + i * scale : 0.5 * (a + b) * (extent - 1);
    out[i] = at < 0 || at > extent - 1 ? -1 : Math.round(at);
  }
  return out;
}

/**
 * How the in-image samples of one axis map to source indices: `index = start + step · i`
 * with step +1 (a shifted window) or −1 (a mirrored one), the outside samples being a prefix
 * and/or a suffix; null for anything else (resampling), and for an axis wholly outside.
 */
function unitStep(indices: Int32Array): { start: number; step: 1 | -1; first: number; last: number } | null {
  let first = 0;
  while (first < indices.length && indices[first]! < 0) first++;
  let last = indices.length - 1;
  while (last >= first && indices[last]! < 0) last--;
  if (first > last) return null;
  const step = last > first && indices[first + 1]! < indices[first]! ? -1 : 1;
  const start = indices[first]! - step * first;
  for (let i = first; i <= last; i++) if (indices[i] !== start + step * i) return null;
  return { start, step, first, last };
}

/**
 * `CropAndResize` with `method: 'nearest'` on float32 images, as copies in the wasm heap.
 * Nearest crops are how augmentations copy pixel windows (crop, pad, flip); the stock 4.22
 * kernel samples pixel by pixel and, for exact unflipped boxes, takes a row memcpy that
 * ignores the box's left edge (a 4×5 image cropped to columns 1..2 returns columns 0..1).
 * Here a shifted window whose rows are whole image rows is one block copy (then its outside
 * columns are filled), a mirrored one is a tight per-pixel loop, and any other box gathers
 * sample by sample — all with the cpu backend's sampling rule. Bilinear, and non-float32
 * inputs, go to the stock kernel.
 */
function cropAndResize(args: KernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { image, boxes, boxInd } = args.inputs as {
    image: tf.TensorInfo;
    boxes: tf.TensorInfo;
    boxInd: tf.TensorInfo;
  };
  const { cropSize, method, extrapolationValue: fill } = args.attrs as unknown as tf.CropAndResizeAttrs;
  if (
    method !== 'nearest' ||
    image.dtype !== 'float32' ||
    boxes.dtype !== 'float32' ||
    boxInd.dtype !== 'int32'
  ) {
    return runStock(tf.CropAndResize, args);
  }
  const [batch, imageHeight, imageWidth, c] = image.shape as [number, number, number, number];
  const [cropHeight, cropWidth] = cropSize;
  const numBoxes = boxes.shape[0]!;
  const out = backend.makeOutput([numBoxes, cropHeight, cropWidth, c], 'float32');
  // Views after the output's allocation: a heap growth would detach earlier ones.
  const outView = f32(backend, out);
  const heap = new Float32Array(outView.buffer);
  const outBase = outView.byteOffset >> 2;
  const inBase = f32(backend, image).byteOffset >> 2;
  const box = f32(backend, boxes);
  const boxIndex = backend.typedArrayFromHeap(boxInd) as Int32Array;
  const rowFloats = cropWidth * c;
  const inRowStride = imageWidth * c;
  const boxFloats = cropHeight * rowFloats;
  for (let b = 0; b < numBoxes; b++) {
    const boxOut = outBase + b * boxFloats;
    const bInd = boxIndex[b]!;
    // The cpu backend leaves a box with an out-of-range index at zero.
    if (bInd >= batch || bInd < 0) {
      heap.fill(0, boxOut, boxOut + boxFloats);
      continue;
    }
    const rows = nearestIndices(box[4 * b]!, box[4 * b + 2]!, imageHeight, cropHeight);
    const cols = nearestIndices(box[4 * b + 1]!, box[4 * b + 3]!, imageWidth, cropWidth);
    const imageStart = inBase + bInd * imageHeight * inRowStride;
    const rowSpan = unitStep(rows);
    const colSpan = unitStep(cols);
    // A shifted window over whole rows: output and source rows have the same stride, so all
    // in-image rows are one block copy. Its outside columns pick up neighbouring pixels (or,
    // at the heap's end, nothing) and are filled right after.
    const shifted = rowSpan?.step === 1 && colSpan?.step === 1 && cropWidth === imageWidth;
    const src = shifted ? imageStart + (rowSpan.start + rowSpan.first) * inRowStride + colSpan.start * c : -1;
    if (shifted && src >= 0) {
      const dst = boxOut + rowSpan.first * rowFloats;
      heap.copyWithin(dst, src, src + (rowSpan.last - rowSpan.first + 1) * rowFloats);
      heap.fill(fill, boxOut, dst);
      heap.fill(fill, boxOut + (rowSpan.last + 1) * rowFloats, boxOut + boxFloats);
      const before = colSpan.first * c;
      const after = (colSpan.last + 1) * c;
      if (before > 0 || after < rowFloats)
        for (let y = rowSpan.first; y <= rowSpan.last; y++) {
          const rowOut = boxOut + y * rowFloats;
          heap.fill(fill, rowOut, rowOut + before);
          heap.fill(fill, rowOut + after, rowOut + rowFloats);
        }
      continue;
    }
    // Source offset of each output float within a source row, −1 outside the image; only
    // resampled columns (or C ≠ 3) need it.
    const gather = colSpan && c === 3 ? null : new Int32Array(rowFloats);
    if (gather)
      for (let x = 0; x < cropWidth; x++)
        for (let k = 0; k < c; k++) gather[x * c + k] = cols[x]! < 0 ? -1 : cols[x]! * c + k;
    for (let y = 0; y < cropHeight; y++) {
      const rowOut = boxOut + y * rowFloats;
      if (rows[y]! < 0) {
        heap.fill(fill, rowOut, rowOut + rowFloats);
        continue;
      }
      const rowIn = imageStart + rows[y]! * inRowStride;
      if (gather) {
        for (let k = 0; k < rowFloats; k++) {
          const g = gather[k]!;
          heap[rowOut + k] = g < 0 ? fill : heap[rowIn + g]!;
        }
        continue;
      }
      // No gather: shifted or mirrored columns of an RGB image, three floats a pixel.
      const span = colSpan!;
      heap.fill(fill, rowOut, rowOut + span.first * 3);
      heap.fill(fill, rowOut + (span.last + 1) * 3, rowOut + rowFloats);
      const step = span.step * 3;
      let s = rowIn + (span.start + span.step * span.first) * 3;
      for (let o = rowOut + span.first * 3, end = rowOut + (span.last + 1) * 3; o < end; o += 3, s += step) {
        heap[o] = heap[s]!;
        heap[o + 1] = heap[s + 1]!;
        heap[o + 2] = heap[s + 2]!;
      }
    }
  }
  return out;
}

/** `CropAndResize` for the wasm backend: nearest crops as heap copies, bilinear stock. */
export const cropAndResizeConfig: tf.KernelConfig = {
  kernelName: tf.CropAndResize,
  backendName: 'wasm',
  kernelFunc: cropAndResize as unknown as tf.KernelFunc,
};
