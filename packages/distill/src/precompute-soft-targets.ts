import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, assertNumberInRange, describeValue, TricksError } from '@tftricks/core';
import { assertDataset, type ImageDataset, makeBatch } from '@tftricks/data';

/** Something that maps a batch of images to logits [B, K] (a LayersModel's `predict`, a closure…). */
export type Predictor = (images: tf.Tensor4D) => tf.Tensor2D;

/** Teacher soft targets for a whole dataset, on the CPU: rows of `softmax(logits / T)`. */
export interface SoftTargets {
  /** N·K probabilities, row-major. */
  data: Float32Array;
  /** `[N, K]`. */
  shape: [number, number];
  /** The temperature they were computed at. */
  temperature: number;
}

export interface PrecomputeOptions {
  /** Softening temperature T > 0; default 1 (plain probabilities). */
  temperature?: number;
  /** Images per teacher forward pass; bounds memory. Default 256. */
  batchSize?: number;
  /** Called after each batch with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Offline distillation: streams a dataset through the teacher in batches (inference mode,
 * bounded memory) and returns its softened predictions, which can be saved
 * ({@link softTargetsToBytes}) and used as `Targets` rows for a student later.
 */
export async function precomputeSoftTargets(
  teacher: Predictor,
  dataset: ImageDataset,
  options: PrecomputeOptions = {},
): Promise<SoftTargets> {
  const fn = 'precomputeSoftTargets';
  if (typeof teacher !== 'function')
    throw new TricksError(fn, 'teacher', 'a function images → logits', describeValue(teacher));
  assertDataset(fn, 'dataset', dataset);
  const T = options.temperature ?? 1;
  assertNumberInRange(fn, 'options.temperature', T, Number.MIN_VALUE, Number.POSITIVE_INFINITY);
  const batchSize = options.batchSize ?? 256;
  assertInteger(fn, 'options.batchSize', batchSize, 1);
  const n = dataset.labels.length;
  if (n === 0) throw new TricksError(fn, 'dataset', 'at least one image', 'an empty dataset');
  let out: Float32Array | null = null;
  let k = 0;
  for (let start = 0; start < n; start += batchSize) {
    const idx = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
    const batch = makeBatch(dataset, idx);
    const probs = tf.tidy(() => {
      const logits = teacher(batch.images);
      if (logits.rank !== 2 || logits.shape[0] !== idx.length) {
        throw new TricksError(
          fn,
          'teacher',
          `logits of shape [${idx.length}, K]`,
          `shape [${logits.shape.join(', ')}]`,
        );
      }
      return tf.softmax(tf.div(logits, tf.scalar(T)));
    });
    tf.dispose([batch.images, batch.targets]);
    if (!out) {
      k = probs.shape[1]!;
      out = new Float32Array(n * k);
    }
    out.set(probs.dataSync(), start * k);
    probs.dispose();
    options.onProgress?.(start + idx.length, n);
    // Yield to the event loop so progress can render and a browser stays responsive.
    await new Promise((r) => setTimeout(r, 0));
  }
  return { data: out!, shape: [n, k], temperature: T };
}

const MAGIC = 0x53544654; // "TFTS"

/** Serialises soft targets: a 16-byte header (magic, N, K, T) then N·K float32, little-endian. */
export function softTargetsToBytes(targets: SoftTargets): Uint8Array {
  const out = new Uint8Array(16 + targets.data.length * 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, targets.shape[0], true);
  view.setUint32(8, targets.shape[1], true);
  view.setFloat32(12, targets.temperature, true);
  new Float32Array(out.buffer, 16).set(targets.data);
  return out;
}

/** The inverse of {@link softTargetsToBytes}; a TricksError on a truncated or foreign file. */
export function softTargetsFromBytes(bytes: Uint8Array): SoftTargets {
  const fn = 'softTargetsFromBytes';
  if (!(bytes instanceof Uint8Array) || bytes.length < 16)
    throw new TricksError(fn, 'bytes', 'at least a 16-byte header', describeValue(bytes));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC)
    throw new TricksError(fn, 'bytes', 'the soft-target magic "TFTS"', 'another file');
  const n = view.getUint32(4, true);
  const k = view.getUint32(8, true);
  if (bytes.length !== 16 + n * k * 4)
    throw new TricksError(fn, 'bytes', `${16 + n * k * 4} bytes for [${n}, ${k}]`, `${bytes.length} bytes`);
  const data = new Float32Array(n * k);
  data.set(new Float32Array(bytes.slice(16).buffer));
  return { data, shape: [n, k], temperature: view.getFloat32(12, true) };
}
