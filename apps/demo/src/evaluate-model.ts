import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type ImageDataset, makeBatch } from '@tftricks/data';

/** Test-set predictions of a model: class probabilities [N·K] row-major, labels, and summaries. */
export interface Evaluated {
  accuracy: number;
  /** Mean cross-entropy (NLL) of the true labels. */
  loss: number;
  probs: Float32Array;
  labels: Int32Array;
}

/**
 * Runs `predict` (logits → probabilities, in inference mode) over a dataset in chunks, so
 * memory stays bounded, and returns the probabilities with accuracy and NLL.
 */
export function evaluateModel(
  model: tfl.LayersModel | ((images: tf.Tensor4D) => tf.Tensor2D),
  dataset: ImageDataset,
  numClasses: number,
  chunk = 500,
): Evaluated {
  const n = dataset.labels.length;
  const probs = new Float32Array(n * numClasses);
  const labels = Int32Array.from(dataset.labels);
  const predict = typeof model === 'function' ? model : (x: tf.Tensor4D) => model.predict(x) as tf.Tensor2D;
  for (let start = 0; start < n; start += chunk) {
    const idx = Array.from({ length: Math.min(chunk, n - start) }, (_, i) => start + i);
    const batch = makeBatch(dataset, idx);
    const p = tf.tidy(() => tf.softmax(predict(batch.images)));
    probs.set(p.dataSync(), start * numClasses);
    tf.dispose([p, batch.images, batch.targets]);
  }
  return scoreProbabilities(probs, labels, numClasses);
}

/** Accuracy and mean NLL of row-major probabilities [N·K] against N labels. */
export function scoreProbabilities(probs: Float32Array, labels: Int32Array, numClasses: number): Evaluated {
  const n = labels.length;
  let correct = 0;
  let nll = 0;
  for (let i = 0; i < n; i++) {
    const row = probs.subarray(i * numClasses, (i + 1) * numClasses);
    let arg = 0;
    for (let k = 1; k < numClasses; k++) if (row[k]! > row[arg]!) arg = k;
    if (arg === labels[i]) correct++;
    nll -= Math.log(Math.max(row[labels[i]!]!, 1e-12));
  }
  return { accuracy: correct / n, loss: nll / n, probs, labels };
}
