// A trained model cached on disk as JSON (weights + metadata), so benches can reuse the very same
// model (a teacher, a labeled-only baseline) across runs without retraining it. Training is
// deterministic for a seed, so a cache key that names everything training depends on is exact.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type TensorJson, tensorFromJson, tensorToJson } from '@tftricks/core';
import { buildModel, type ModelSpec } from '@tftricks/train';

/** Writes `model`'s weights and `meta` (any JSON) to `path`. */
export function saveCachedModel(path: string, model: tfl.LayersModel, meta: object): void {
  writeFileSync(path, JSON.stringify({ ...meta, weights: model.getWeights().map(tensorToJson) }));
}

/**
 * Rebuilds `spec` for images `[H, W, C]` and `numClasses`, loads the weights cached at `path`,
 * and returns the model with the metadata saved beside them; null when nothing is cached.
 */
export function loadCachedModel<M extends object>(
  path: string,
  spec: ModelSpec,
  imageShape: [number, number, number],
  numClasses: number,
  seed: number,
): { model: tfl.LayersModel; meta: M } | null {
  if (!existsSync(path)) return null;
  const { weights: json, ...meta } = JSON.parse(readFileSync(path, 'utf8')) as M & { weights: TensorJson[] };
  const model = buildModel(spec, imageShape, numClasses, seed);
  const weights = json.map(tensorFromJson);
  model.setWeights(weights);
  tf.dispose(weights);
  return { model, meta: meta as M };
}
