import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { tta } from '@tftricks/augment';
import { type ImageDataset, makeBatch } from '@tftricks/data';
import type { Recipe } from './recipe';
import { ttaOptions } from './tta-options';

/** Test-set predictions of a model: class probabilities [N·K] row-major, labels, and summaries. */
export interface Evaluated {
  accuracy: number;
  /** Mean cross-entropy (NLL) of the true labels. */
  loss: number;
  probs: Float32Array;
  labels: Int32Array;
}

/** Images [n, H, W, C] → logits [n, K] in inference mode: a model's, or a closure. */
export type Logits = (images: tf.Tensor4D) => tf.Tensor2D;

/** A model's logits in inference mode, one call per batch (`predict` would split it by 32). */
function logitsOf(model: tfl.LayersModel | Logits): Logits {
  return typeof model === 'function' ? model : (x) => model.apply(x, { training: false }) as tf.Tensor2D;
}

/**
 * Class probabilities [n, K] of a model or logits function, in inference mode: the softmax of
 * its logits, or, with a recipe's `tta` section, the merged probabilities of those views
 * (`@tftricks/augment`'s `tta`). Every evaluation and the pseudo-labelling teacher go through
 * it, so a recipe's TTA applies to both alike (a distillation teacher's training logits do not).
 */
export function probabilityPredictor(model: tfl.LayersModel | Logits, views?: Recipe['tta']): Logits {
  const logits = logitsOf(model);
  const probs: Logits = (x) => tf.tidy(() => tf.softmax(logits(x)));
  if (!views) return probs;
  const options = ttaOptions(views);
  return (x) => tta(probs, x, options);
}

/**
 * Logits [n, K] whose softmax is {@link probabilityPredictor}'s output, for consumers that take
 * logits (e.g. `@tftricks/pseudo-label`'s `Predictor`): the model's own logits, or with TTA the
 * log of the merged probabilities (softmax(log p) = p, as p sums to 1).
 */
export function logitPredictor(model: tfl.LayersModel | Logits, views?: Recipe['tta']): Logits {
  if (!views) return logitsOf(model);
  const probs = probabilityPredictor(model, views);
  return (x) => {
    const p = probs(x);
    const logits = tf.log(p);
    p.dispose();
    return logits;
  };
}

/**
 * Runs the model in inference mode (through `options.tta`'s views when given) over a dataset in
 * chunks of `options.chunk` images (default 500), so memory stays bounded, and returns the
 * probabilities with accuracy and NLL.
 */
export function evaluateModel(
  model: tfl.LayersModel | Logits,
  dataset: ImageDataset,
  numClasses: number,
  options: { chunk?: number; tta?: Recipe['tta'] } = {},
): Evaluated {
  const chunk = options.chunk ?? 500;
  const n = dataset.labels.length;
  const probs = new Float32Array(n * numClasses);
  const labels = Int32Array.from(dataset.labels);
  const predict = probabilityPredictor(model, options.tta);
  for (let start = 0; start < n; start += chunk) {
    const idx = Array.from({ length: Math.min(chunk, n - start) }, (_, i) => start + i);
    const batch = makeBatch(dataset, idx);
    const p = predict(batch.images);
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
